using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Data.Csv;

/// <summary>Reads and checks the header line: present, comma-delimited, valid and unique column names.</summary>
internal static class CsvHeader
{
    public static async Task<IReadOnlyList<string>> ReadAsync(CsvParser parser, CancellationToken ct)
    {
        if (!await parser.ReadAsync(ct))
            throw new CsvImportException("The CSV file is empty: expected a header line with the column names.", 1);
        var names = parser.Fields.Select(f => f.Trim()).ToList();
        if (names.Count == 1)
        {
            var only = names[0];
            foreach (var (delimiter, label) in new[] { (';', "semicolons (';')"), ('\t', "tabs"), ('|', "'|'") })
                if (only.Contains(delimiter))
                    throw new CsvImportException(
                        $"line {parser.RecordLine}: the header is separated by {label}, not commas; save the file as comma-separated CSV.",
                        parser.RecordLine);
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Length == 0)
                throw new CsvImportException($"line {parser.RecordLine}: header column {i + 1} has no name.", parser.RecordLine);
            if (!Identifier.IsValid(names[i]))
                throw new CsvImportException(
                    $"line {parser.RecordLine}: header column {i + 1} '{names[i]}' is not a valid column name " +
                    "(use letters, digits, '_' or '$', starting with a letter or '_').", parser.RecordLine, names[i]);
            if (!seen.Add(names[i]))
                throw new CsvImportException(
                    $"line {parser.RecordLine}: column '{names[i]}' appears twice in the header.", parser.RecordLine, names[i]);
        }
        return names;
    }

    public static void CheckFieldCount(CsvParser parser, int expected)
    {
        if (parser.Fields.Count != expected)
            throw new CsvImportException(
                $"line {parser.RecordLine}: expected {expected} fields like the header but found {parser.Fields.Count}.",
                parser.RecordLine);
    }
}
