namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>Bytes already read from a stream (to sniff its format) followed by the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefixLength)
            return CopyPrefix(buffer);
        return rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _position < prefixLength ? CopyPrefix(buffer.Span) : await rest.ReadAsync(buffer, cancellationToken);

    private int CopyPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, prefixLength - _position);
        prefix.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
