namespace MlopsPortal.Core.Data.Csv;

/// <summary>A CSV that cannot be imported; the message names what is wrong (with line and column where it applies).</summary>
public sealed class CsvImportException : Exception
{
    public CsvImportException(string message, long? line = null, string? column = null, Exception? inner = null)
        : base(message, inner)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based physical line of the file (the header is line 1), when the problem has one.</summary>
    public long? Line { get; }

    public string? Column { get; }
}
