using System.Buffers.Binary;

namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>
/// .NET's GZipStream ends quietly when the compressed data stops early (a cut-off upload), which would import the rows
/// read so far. These two streams catch that: <see cref="Tail"/> keeps the last 4 compressed bytes (gzip's ISIZE
/// trailer, the inflated length mod 2^32) and <see cref="Inflated"/> compares it with the bytes inflated when it ends.
/// A multi-member file is checked against its last member's trailer, so such files are refused too (see docs/api.md).
/// </summary>
internal static class GzipEndCheck
{
    internal sealed class Tail(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _last = new byte[4];
        private long _total;

        public uint? Trailer => _total >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(_last) : null;

        protected override int Keep(Span<byte> read)
        {
            _total += read.Length;
            if (read.Length >= 4)
                read[^4..].CopyTo(_last);
            else if (read.Length > 0)
            {
                _last.AsSpan(read.Length).CopyTo(_last);
                read.CopyTo(_last.AsSpan(4 - read.Length));
            }
            return read.Length;
        }

        protected override Stream Inner => inner;
    }

    internal sealed class Inflated(Stream inner, Tail compressed) : ReadOnlyStream
    {
        private long _total;

        protected override int Keep(Span<byte> read)
        {
            _total += read.Length;
            if (read.Length == 0 && compressed.Trailer != (uint)_total)
                throw new InvalidDataException("the compressed data ends early (the upload was cut off or is not one whole gzip file).");
            return read.Length;
        }

        protected override Stream Inner => inner;
    }

    internal abstract class ReadOnlyStream : Stream
    {
        protected abstract Stream Inner { get; }

        protected abstract int Keep(Span<byte> read);

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => buffer.Length == 0 ? 0 : Keep(buffer[..Inner.Read(buffer)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0)
                return 0;
            var n = await Inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..n]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
