using MlopsPortal.Core.Data;

namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>A read-only view of a stream that fails, naming the limit and its setting, once more than the limit is read.</summary>
internal sealed class LimitedStream(Stream inner, long limit, string what, string settingKey) : ReadOnlyStream
{
    private long _read;

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    private int Count(int n)
    {
        _read += n;
        if (_read > limit)
            throw new ImportLimitExceededException(
                $"The {what} exceeds the limit of {TableImportOptions.Describe(limit)} ({limit:N0} bytes); nothing was written. " +
                $"An administrator can raise it with the setting {settingKey}.");
        return n;
    }

    public override long Position { get => _read; set => throw new NotSupportedException(); }
}
