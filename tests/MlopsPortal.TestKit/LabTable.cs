namespace MlopsPortal.TestKit;

/// <summary>
/// One of <see cref="LabFiles"/>' CSVs read as plain text cells (an empty cell is missing), so that a test can state
/// what it expects of the data it runs on (the lab's or the demo's) from the file itself, independently of the
/// portal's importer: a header, no quoted commas (neither file has any).
/// </summary>
public sealed class LabTable
{
    private readonly Dictionary<string, int> _index;

    private LabTable(string[] header, List<string[]> rows)
    {
        Header = header;
        Rows = rows;
        _index = header.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static LabTable Read(string file)
    {
        var lines = File.ReadAllLines(LabFiles.Path(file));
        return new LabTable(lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList());
    }

    public string Cell(int row, string column) => Rows[row][_index[column]];

    public IEnumerable<string> Column(string column) => Rows.Select(r => r[_index[column]]);

    public int CountEmpty(string column) => Column(column).Count(c => c.Length == 0);
}
