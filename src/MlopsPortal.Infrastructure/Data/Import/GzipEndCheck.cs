using System.Buffers.Binary;

namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>
/// .NET's GZipStream ends quietly when the compressed data stops early (a cut-off upload), which would import the rows
/// read so far. These two streams catch that: <see cref="Tail"/> works out the inflated length the compressed bytes
/// promise (gzip's ISIZE trailers, lengths mod 2^32) and <see cref="Inflated"/> compares it with the bytes inflated
/// when it ends. zlib itself checks each whole member's CRC and length; only a stop inside a member needs this.
/// <list type="bullet">
/// <item>Members that carry their size (bgzip's BC extra field, BSIZE) are followed member by member: the promise is the
/// sum of their ISIZEs, and data ending anywhere but at a member's end, or (with several members) anywhere but after
/// bgzip's empty EOF member, is cut off. So bgzip files, of any number of members, are accepted. (Data cut right
/// after its first member is a whole one-member file, and accepted as such.)</item>
/// <item>Otherwise the promise is the last 4 bytes, the last member's ISIZE: a single-member file is checked exactly; a
/// plain concatenation of several members (no sizes to find their ends) is refused (see docs/api.md).</item>
/// </list>
/// </summary>
internal static class GzipEndCheck
{
    internal sealed class Tail(Stream inner) : KeepingStream
    {
        private const int MaxHeader = 64;
        private readonly byte[] _last = new byte[4];
        private readonly byte[] _header = new byte[MaxHeader];
        private long _total;

        // Member tracking (bgzip): where the current member started and ends (0 = not yet known), its header so far.
        private long _memberStart;
        private long _memberEnd;
        private int _headerLength;
        private bool _sized = true;
        private uint _promised;
        private uint _memberIsize;
        private int _members;

        /// <summary>The inflated length (mod 2^32) the data promises, or null when it is too short to promise any.</summary>
        public uint? Trailer => _total < 4 ? null
            : _sized ? (Whole ? _promised : null)
            : BinaryPrimitives.ReadUInt32LittleEndian(_last);

        /// <summary>
        /// Sized members end exactly at a member's end; several of them end with bgzip's empty EOF member, so a cut
        /// between two members is caught too.
        /// </summary>
        private bool Whole => _total == _memberStart && _memberEnd == 0 && _headerLength == 0 && (_members == 1 || _lastIsize == 0);

        private uint _lastIsize;

        protected override int Keep(Span<byte> read)
        {
            if (_sized) Follow(read);
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

        /// <summary>Follows sized members through <paramref name="read"/>, which starts at offset <see cref="_total"/>.</summary>
        private void Follow(ReadOnlySpan<byte> read)
        {
            var at = 0;
            while (_sized && at < read.Length)
            {
                var offset = _total + at;
                if (_memberEnd == 0)
                {
                    // Collecting the member's header until its size is known.
                    _header[_headerLength++] = read[at++];
                    var size = HeaderSize(_header.AsSpan(0, _headerLength));
                    if (size == 0)
                    {
                        if (_headerLength == MaxHeader) _sized = false;
                        continue;
                    }
                    if (size < 0) { _sized = false; break; }
                    _memberEnd = _memberStart + size;
                    continue;
                }
                // Inside the member: its ISIZE is its last 4 bytes.
                var isizeStart = _memberEnd - 4;
                if (offset < isizeStart)
                {
                    at += (int)Math.Min(read.Length - at, isizeStart - offset);
                    continue;
                }
                var index = (int)(offset - isizeStart);
                _memberIsize |= (uint)read[at] << (8 * index);
                at++;
                if (offset + 1 == _memberEnd)
                {
                    _promised += _memberIsize;
                    _lastIsize = _memberIsize;
                    _memberIsize = 0;
                    _members++;
                    _memberStart = _memberEnd;
                    _memberEnd = 0;
                    _headerLength = 0;
                }
            }
        }

        /// <summary>
        /// The member's total size from its header's BC extra subfield (BSIZE + 1); 0 while more header bytes are
        /// needed; -1 when the member carries no size (then the last-4-bytes check applies).
        /// </summary>
        private static int HeaderSize(ReadOnlySpan<byte> h)
        {
            if (h.Length < 12) return 0;
            if (h[0] != 0x1F || h[1] != 0x8B || h[2] != 8 || (h[3] & 4) == 0) return -1;
            var xlen = h[10] | (h[11] << 8);
            if (12 + xlen > MaxHeader) return -1;
            if (h.Length < 12 + xlen) return 0;
            for (var i = 12; i + 4 <= 12 + xlen;)
            {
                var slen = h[i + 2] | (h[i + 3] << 8);
                if (h[i] == (byte)'B' && h[i + 1] == (byte)'C' && slen == 2 && i + 6 <= 12 + xlen)
                    return (h[i + 4] | (h[i + 5] << 8)) + 1;
                i += 4 + slen;
            }
            return -1;
        }

        protected override Stream Inner => inner;
    }

    internal sealed class Inflated(Stream inner, Tail compressed) : KeepingStream
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

    /// <summary>Passes reads through, letting <see cref="Keep"/> look at (and check) each chunk read.</summary>
    internal abstract class KeepingStream : ReadOnlyStream
    {
        protected abstract Stream Inner { get; }

        protected abstract int Keep(Span<byte> read);

        public override int Read(Span<byte> buffer) => buffer.Length == 0 ? 0 : Keep(buffer[..Inner.Read(buffer)]);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0)
                return 0;
            var n = await Inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..n]);
        }
    }
}
