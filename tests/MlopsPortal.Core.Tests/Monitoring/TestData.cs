using System.Globalization;
using System.Text.Json;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Locates golden files and the lab data, and reads small CSVs (no quoting needed for these files).</summary>
internal static class TestData
{
    public static string GoldenPath(string file) => Path.Combine(AppContext.BaseDirectory, "Monitoring", "Goldens", file);

    public static JsonElement Golden(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(GoldenPath(file)));
        return doc.RootElement.Clone();
    }

    /// <summary>The lab's Mortgage_Data.csv, or its demo stand-in on a bare clone (<see cref="MlopsPortal.TestKit.LabFiles"/>).</summary>
    public static string LabCsv() => MlopsPortal.TestKit.LabFiles.Path(MlopsPortal.TestKit.LabFiles.Mortgage);

    /// <summary>The goldens for <see cref="LabCsv"/>: make_goldens.py writes one file for the lab's data and one for the demo's.</summary>
    public static string LabGoldens => MlopsPortal.TestKit.LabFiles.IsLab ? "goldens_lab.json" : "goldens_lab_demo.json";

    public static CsvTable ReadCsv(string path) => CsvTable.Parse(File.ReadAllLines(path));
}

/// <summary>A CSV held as text cells; empty cell = null.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> index;

    private CsvTable(string[] columns, List<string?[]> rows)
    {
        Columns = columns;
        Rows = rows;
        index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    public string[] Columns { get; }

    public List<string?[]> Rows { get; }

    public static CsvTable Parse(string[] lines)
    {
        var columns = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(c => c.Length == 0 ? null : c).ToArray())
            .ToList();
        return new CsvTable(columns, rows);
    }

    public int Col(string name) => index[name];

    public string? Text(string?[] row, string column) => row[index[column]];

    public double Number(string?[] row, string column) =>
        row[index[column]] is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : double.NaN;

    public DateTime Time(string?[] row, string column) =>
        DateTime.ParseExact(row[index[column]]!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
