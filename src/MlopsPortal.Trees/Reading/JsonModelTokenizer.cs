using System.Globalization;
using System.Text;

namespace MlopsPortal.Trees.Reading;

/// <summary>
/// A small JSON parser for XGBoost documents. It accepts the non-standard <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c> tokens XGBoost writes and parses fractional numbers straight to float32.
/// Values: Dictionary&lt;string, object?&gt;, List&lt;object?&gt;, string, long, float, bool, null.
/// </summary>
internal sealed class JsonModelTokenizer
{
    private readonly string _s;
    private int _p;

    private JsonModelTokenizer(string s) => _s = s;

    public static object? Parse(string text)
    {
        var t = new JsonModelTokenizer(text);
        t.SkipWs();
        var v = t.ReadValue(0);
        t.SkipWs();
        if (t._p != t._s.Length)
        {
            throw t.Error("unexpected content after the end of the document");
        }

        return v;
    }

    private ModelFormatException Error(string what) =>
        new($"Corrupt JSON model: {what} at character {_p}.");

    private void SkipWs()
    {
        while (_p < _s.Length && _s[_p] is ' ' or '\t' or '\r' or '\n')
        {
            _p++;
        }
    }

    private object? ReadValue(int depth)
    {
        if (depth > 256)
        {
            throw Error("nesting too deep");
        }

        if (_p >= _s.Length)
        {
            throw Error("the document ends early (truncated file?)");
        }

        char c = _s[_p];
        switch (c)
        {
            case '{': return ReadObject(depth);
            case '[': return ReadArray(depth);
            case '"': return ReadString();
            case 't': Expect("true"); return true;
            case 'f': Expect("false"); return false;
            case 'n': Expect("null"); return null;
            case 'N': Expect("NaN"); return float.NaN;
            case 'I': Expect("Infinity"); return float.PositiveInfinity;
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw Error($"unexpected character '{c}'");
        }
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_s, _p, word, 0, word.Length) != 0)
        {
            throw Error($"expected '{word}'");
        }

        _p += word.Length;
    }

    private Dictionary<string, object?> ReadObject(int depth)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        _p++;
        SkipWs();
        if (_p < _s.Length && _s[_p] == '}')
        {
            _p++;
            return d;
        }

        while (true)
        {
            SkipWs();
            if (_p >= _s.Length || _s[_p] != '"')
            {
                throw Error("expected a key");
            }

            string key = ReadString();
            SkipWs();
            if (_p >= _s.Length || _s[_p] != ':')
            {
                throw Error("expected ':'");
            }

            _p++;
            SkipWs();
            d[key] = ReadValue(depth + 1);
            SkipWs();
            if (_p >= _s.Length)
            {
                throw Error("the document ends early (truncated file?)");
            }

            if (_s[_p] == ',')
            {
                _p++;
                continue;
            }

            if (_s[_p] == '}')
            {
                _p++;
                return d;
            }

            throw Error("expected ',' or '}'");
        }
    }

    private List<object?> ReadArray(int depth)
    {
        var list = new List<object?>();
        _p++;
        SkipWs();
        if (_p < _s.Length && _s[_p] == ']')
        {
            _p++;
            return list;
        }

        while (true)
        {
            SkipWs();
            list.Add(ReadValue(depth + 1));
            SkipWs();
            if (_p >= _s.Length)
            {
                throw Error("the document ends early (truncated file?)");
            }

            if (_s[_p] == ',')
            {
                _p++;
                continue;
            }

            if (_s[_p] == ']')
            {
                _p++;
                return list;
            }

            throw Error("expected ',' or ']'");
        }
    }

    private string ReadString()
    {
        _p++;
        int start = _p;
        StringBuilder? sb = null;
        while (true)
        {
            if (_p >= _s.Length)
            {
                throw Error("unterminated string (truncated file?)");
            }

            char c = _s[_p];
            if (c == '"')
            {
                string tail = _s.Substring(start, _p - start);
                _p++;
                return sb is null ? tail : sb.Append(tail).ToString();
            }

            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(_s, start, _p - start);
                _p++;
                if (_p >= _s.Length)
                {
                    throw Error("unterminated escape");
                }

                char e = _s[_p++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_p + 4 > _s.Length || !ushort.TryParse(_s.AsSpan(_p, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ushort u))
                        {
                            throw Error("bad \\u escape");
                        }

                        sb.Append((char)u);
                        _p += 4;
                        break;
                    default: throw Error($"bad escape '\\{e}'");
                }

                start = _p;
                continue;
            }

            _p++;
        }
    }

    private object ReadNumber()
    {
        int start = _p;
        if (_s[_p] == '-')
        {
            _p++;
            if (_p < _s.Length && _s[_p] == 'I')
            {
                Expect("Infinity");
                return float.NegativeInfinity;
            }
        }

        bool integral = true;
        while (_p < _s.Length)
        {
            char c = _s[_p];
            if (c >= '0' && c <= '9')
            {
                _p++;
            }
            else if (c is '.' or 'e' or 'E' or '+' or '-')
            {
                integral = false;
                _p++;
            }
            else
            {
                break;
            }
        }

        var span = _s.AsSpan(start, _p - start);
        if (integral && long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
        {
            return l;
        }

        if (float.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out float f))
        {
            return f;
        }

        throw Error($"bad number '{span}'");
    }
}
