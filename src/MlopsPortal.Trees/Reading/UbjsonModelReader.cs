using System.Buffers.Binary;
using System.Text;

namespace MlopsPortal.Trees.Reading;

/// <summary>
/// UBJSON as XGBoost writes it (big-endian; counted and typed arrays; keys without the S marker).
/// Produces the same value shapes as <see cref="JsonModelTokenizer"/>; typed arrays become float[]/int[]/long[]/byte[].
/// </summary>
internal sealed class UbjsonModelReader
{
    private readonly byte[] _b;
    private int _p;

    private UbjsonModelReader(byte[] bytes) => _b = bytes;

    public static object? Parse(byte[] bytes)
    {
        var r = new UbjsonModelReader(bytes);
        return r.ReadValue(r.ReadByte(), 0);
    }

    private ModelFormatException Error(string what) => new($"Corrupt UBJSON model: {what} at byte {_p}.");

    private void Need(long n)
    {
        if (n < 0 || _p + n > _b.Length)
        {
            throw Error("the file ends early (truncated file?)");
        }
    }

    private byte ReadByte()
    {
        Need(1);
        return _b[_p++];
    }

    private long ReadInt(byte marker)
    {
        switch ((char)marker)
        {
            case 'i': Need(1); return (sbyte)_b[_p++];
            case 'U': Need(1); return _b[_p++];
            case 'I': Need(2); _p += 2; return BinaryPrimitives.ReadInt16BigEndian(_b.AsSpan(_p - 2));
            case 'l': Need(4); _p += 4; return BinaryPrimitives.ReadInt32BigEndian(_b.AsSpan(_p - 4));
            case 'L': Need(8); _p += 8; return BinaryPrimitives.ReadInt64BigEndian(_b.AsSpan(_p - 8));
            default: throw Error($"expected an integer marker, found '{(char)marker}'");
        }
    }

    private string ReadKeyOrString(byte lengthMarker)
    {
        long n = ReadInt(lengthMarker);
        Need(n);
        string s = Encoding.UTF8.GetString(_b, _p, (int)n);
        _p += (int)n;
        return s;
    }

    /// <summary>No-op markers are skipped in a loop: a long run of them must not recurse once per byte.</summary>
    private byte SkipNoOps()
    {
        byte marker;
        do
        {
            marker = ReadByte();
        }
        while (marker == (byte)'N');
        return marker;
    }

    private object? ReadValue(byte marker, int depth)
    {
        if (depth > 256)
        {
            throw Error("nesting too deep");
        }

        switch ((char)marker)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case 'S': return ReadKeyOrString(ReadByte());
            case 'C': return ((char)ReadByte()).ToString();
            case 'i' or 'U' or 'I' or 'l' or 'L': return ReadInt(marker);
            case 'd': Need(4); _p += 4; return BinaryPrimitives.ReadSingleBigEndian(_b.AsSpan(_p - 4));
            case 'D': Need(8); _p += 8; return (float)BinaryPrimitives.ReadDoubleBigEndian(_b.AsSpan(_p - 8));
            case 'T': return true;
            case 'F': return false;
            case 'Z': return null;
            case 'N': return ReadValue(SkipNoOps(), depth);
            default: throw Error($"unknown marker '{(char)marker}' (0x{marker:X2})");
        }
    }

    private Dictionary<string, object?> ReadObject(int depth)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            byte m = ReadByte();
            if (m == (byte)'}')
            {
                return d;
            }

            string key = ReadKeyOrString(m);
            d[key] = ReadValue(ReadByte(), depth + 1);
        }
    }

    private object ReadArray(int depth)
    {
        byte m = ReadByte();
        if (m == (byte)'$')
        {
            byte type = ReadByte();
            if (ReadByte() != (byte)'#')
            {
                throw Error("typed array without a count");
            }

            long n = ReadInt(ReadByte());
            return ReadTyped(type, n);
        }

        if (m == (byte)'#')
        {
            long n = ReadInt(ReadByte());
            if (n < 0 || n > _b.Length - _p)
            {
                throw Error("array count beyond the end of the file (truncated file?)");
            }

            var list = new List<object?>((int)n);
            for (long i = 0; i < n; i++)
            {
                list.Add(ReadValue(ReadByte(), depth + 1));
            }

            return list;
        }

        var open = new List<object?>();
        while (m != (byte)']')
        {
            open.Add(ReadValue(m, depth + 1));
            m = ReadByte();
        }

        return open;
    }

    private object ReadTyped(byte type, long n)
    {
        int size = (char)type switch
        {
            'd' => 4, 'D' => 8, 'i' or 'U' => 1, 'I' => 2, 'l' => 4, 'L' => 8,
            _ => throw Error($"unsupported typed array element '{(char)type}'"),
        };
        Need(n * size);
        int count = (int)n;
        var span = _b.AsSpan(_p, count * size);
        _p += count * size;
        switch ((char)type)
        {
            case 'd':
            {
                var a = new float[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = BinaryPrimitives.ReadSingleBigEndian(span[(i * 4)..]);
                }

                return a;
            }

            case 'D':
            {
                var a = new float[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(span[(i * 8)..]);
                }

                return a;
            }

            case 'U': return span.ToArray();
            case 'i':
            {
                var a = new int[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = (sbyte)span[i];
                }

                return a;
            }

            case 'I':
            {
                var a = new int[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = BinaryPrimitives.ReadInt16BigEndian(span[(i * 2)..]);
                }

                return a;
            }

            case 'l':
            {
                var a = new int[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = BinaryPrimitives.ReadInt32BigEndian(span[(i * 4)..]);
                }

                return a;
            }

            default:
            {
                var a = new long[count];
                for (int i = 0; i < count; i++)
                {
                    a[i] = BinaryPrimitives.ReadInt64BigEndian(span[(i * 8)..]);
                }

                return a;
            }
        }
    }
}
