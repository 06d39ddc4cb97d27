using System.Text;

namespace MlopsPortal.Core.Data.Csv;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated, fields optionally in double quotes (a doubled quote
/// inside is a literal quote; quoted fields may hold commas and line breaks), CRLF, LF or CR line ends.
/// Reads the text in chunks asynchronously (request bodies forbid synchronous reads) and never holds
/// more than one record. Completely empty lines are skipped.
/// </summary>
public sealed class CsvParser(TextReader reader, char delimiter = ',')
{
    private const int BufferSize = 1 << 16;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private readonly List<string> _fields = [];
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _pendingCr;
    private long _line = 1;

    /// <summary>The fields of the current record (valid until the next read).</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>1-based line on which the current record starts.</summary>
    public long RecordLine { get; private set; }

    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuoted }

    public async ValueTask<bool> ReadAsync(CancellationToken ct = default)
    {
        while (true)
        {
            var result = await ReadRecordAsync(ct);
            if (result is null)
                return false;
            if (result.Value)
                return true;
            // an empty line: skip it
        }
    }

    /// <summary>null at end of input, false for an empty line, true for a record.</summary>
    private async ValueTask<bool?> ReadRecordAsync(CancellationToken ct)
    {
        _fields.Clear();
        _field.Clear();
        var state = State.FieldStart;
        var any = false;
        RecordLine = _line;
        while (true)
        {
            if (_pos >= _len && !await FillAsync(ct))
            {
                if (state is State.Quoted)
                    throw new CsvImportException($"line {RecordLine}: a quoted field is not closed before the end of the file.", RecordLine);
                if (!any)
                    return null;
                _fields.Add(_field.ToString());
                return true;
            }
            var c = _buffer[_pos++];
            if (_pendingCr)
            {
                _pendingCr = false;
                if (c == '\n')
                {
                    // the LF of a CRLF whose CR was already counted as the line break
                    if (state is State.Quoted)
                        _field.Append('\n');
                    continue;
                }
            }
            any = true;
            switch (state)
            {
                case State.Quoted:
                    if (c == '"')
                        state = State.QuoteInQuoted;
                    else
                    {
                        AppendQuoted(c);
                        AppendRun(stopAtQuote: true);
                    }
                    break;
                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        _field.Append('"');
                        state = State.Quoted;
                    }
                    else if (EndsField(c, ref state, out var endOfRecord) && endOfRecord)
                        return true;
                    break;
                case State.AfterQuoted:
                    if (EndsField(c, ref state, out var end) && end)
                        return true;
                    break;
                case State.FieldStart when c == '"':
                    state = State.Quoted;
                    break;
                default: // FieldStart or Unquoted
                    if (c == delimiter)
                    {
                        _fields.Add(_field.ToString());
                        _field.Clear();
                        state = State.FieldStart;
                    }
                    else if (c is '\n' or '\r')
                    {
                        NewLine(c);
                        if (_fields.Count == 0 && _field.Length == 0)
                            return false;
                        _fields.Add(_field.ToString());
                        return true;
                    }
                    else
                    {
                        _field.Append(c);
                        AppendRun(stopAtQuote: false);
                        state = State.Unquoted;
                    }
                    break;
            }
        }
    }

    /// <summary>After a closing quote only a delimiter or a line end may follow.</summary>
    private bool EndsField(char c, ref State state, out bool endOfRecord)
    {
        endOfRecord = false;
        if (c == delimiter)
        {
            _fields.Add(_field.ToString());
            _field.Clear();
            state = State.FieldStart;
            return true;
        }
        if (c is '\n' or '\r')
        {
            NewLine(c);
            _fields.Add(_field.ToString());
            endOfRecord = true;
            return true;
        }
        throw new CsvImportException(
            $"line {_line}, field {_fields.Count + 1}: unexpected '{c}' after a closing quote (a quote inside a quoted field must be doubled).",
            _line);
    }

    /// <summary>Copies the run of ordinary characters that follows in the buffer in one go (the hot path).</summary>
    private void AppendRun(bool stopAtQuote)
    {
        var rest = _buffer.AsSpan(_pos, _len - _pos);
        var n = stopAtQuote ? rest.IndexOfAny('"', '\n', '\r') : rest.IndexOfAny(delimiter, '\n', '\r');
        if (n < 0)
            n = rest.Length;
        _field.Append(rest[..n]);
        _pos += n;
    }

    private void AppendQuoted(char c)
    {
        if (c == '\n')
            _line++;
        else if (c == '\r')
        {
            _line++;
            _pendingCr = true; // a following LF belongs to this line break
        }
        _field.Append(c);
    }

    private void NewLine(char c)
    {
        _line++;
        if (c == '\r')
            _pendingCr = true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (_eof)
            return false;
        _len = await reader.ReadAsync(_buffer.AsMemory(), ct);
        _pos = 0;
        if (_len == 0)
            _eof = true;
        return _len > 0;
    }
}
