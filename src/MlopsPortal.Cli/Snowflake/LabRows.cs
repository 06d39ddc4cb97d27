using System.Globalization;
using MlopsPortal.Cli.Commands;

namespace MlopsPortal.Cli.Snowflake;

/// <summary>
/// Rows of the lab's Mortgage_Data.csv (INFERENCEMORTGAGEDATA), typed as the lab loads them, each numbered (ROW_NO)
/// so that scores read back from Snowflake are compared row by row.
/// </summary>
public static class LabRows
{
    public const string Table = "INFERENCEMORTGAGEDATA";

    /// <summary>The table's columns with their Snowflake types, ROW_NO first.</summary>
    public static readonly (string Name, string Type)[] Columns =
    [
        ("ROW_NO", "NUMBER(19,0)"), ("WEEK_START_DATE", "TIMESTAMP_NTZ"), ("WEEK", "NUMBER(19,0)"), ("LOAN_ID", "NUMBER(19,0)"), ("TS", "VARCHAR"),
        ("LOAN_TYPE_NAME", "VARCHAR"), ("LOAN_PURPOSE_NAME", "VARCHAR"), ("APPLICANT_INCOME_000S", "FLOAT"), ("LOAN_AMOUNT_000S", "FLOAT"),
        ("COUNTY_NAME", "VARCHAR"), ("MORTGAGERESPONSE", "NUMBER(19,0)"),
    ];

    public static readonly string[] TextColumns = ["TS", "LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"];

    public static List<object?[]> Read(string path, int maxRows)
    {
        if (!File.Exists(path))
            throw new InputException($"The lab data file {path} does not exist; pass --data <path to Mortgage_Data.csv>.");
        var lines = File.ReadLines(path).GetEnumerator();
        if (!lines.MoveNext())
            throw new InputException($"{path} is empty.");
        var header = lines.Current.Split(',');
        var index = Columns.Skip(1).Select(c => Array.IndexOf(header, c.Name)).ToArray();
        var missing = Columns.Skip(1).Where((c, i) => index[i] < 0).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new InputException($"{path} lacks the lab columns {string.Join(", ", missing)}.");
        var rows = new List<object?[]>();
        while (rows.Count < maxRows && lines.MoveNext())
        {
            if (lines.Current.Length == 0) continue;
            var cells = lines.Current.Split(',');
            var row = new object?[Columns.Length];
            row[0] = (long)rows.Count + 1;
            for (var c = 1; c < Columns.Length; c++)
            {
                var text = cells.ElementAtOrDefault(index[c - 1]);
                row[c] = string.IsNullOrEmpty(text) ? null : Columns[c].Type switch
                {
                    "TIMESTAMP_NTZ" => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                    "NUMBER(19,0)" => long.Parse(text, CultureInfo.InvariantCulture),
                    "FLOAT" => double.Parse(text, CultureInfo.InvariantCulture),
                    _ => text,
                };
            }
            rows.Add(row);
        }
        if (rows.Count == 0)
            throw new InputException($"{path} has no data rows.");
        return rows;
    }
}
