using System.Globalization;
using System.Text;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>
/// The lab's Mortgage_Data.csv (or its demo stand-in, see LabFiles) plus the goldens' deterministic PREDICTED_SCORE
/// and PREDICTED_RESPONSE columns, as CSV text ready for POST /api/tables/{table}/csv.
/// </summary>
public static class LabPredictions
{
    public static string Csv()
    {
        var path = MlopsPortal.TestKit.LabFiles.Path(MlopsPortal.TestKit.LabFiles.Mortgage);
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int income = Array.IndexOf(header, "APPLICANT_INCOME_000S"), amount = Array.IndexOf(header, "LOAN_AMOUNT_000S");
        var sb = new StringBuilder(lines[0]).Append(",PREDICTED_SCORE,PREDICTED_RESPONSE\n");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var score = Score(double.Parse(cells[income], CultureInfo.InvariantCulture), double.Parse(cells[amount], CultureInfo.InvariantCulture));
            sb.Append(line).Append(',').Append(score.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(score > 0.5 ? 1 : 0).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The scikit-learn goldens' windows for this data (make_goldens.py, the lab's file or its demo twin).</summary>
    public static IReadOnlyList<System.Text.Json.JsonElement> GoldenWindows()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Monitoring", "Goldens", MlopsPortal.TestKit.LabFiles.Golden("goldens_lab.json"));
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("windows").EnumerateArray().Select(w => w.Clone()).ToList();
    }

    private static double Score(double income, double amount)
    {
        var z = (0.05 * (income - 48.0)) - (0.004 * (amount - 217.0)) + 0.5;
        return Math.Round(1.0 / (1.0 + Math.Exp(-z)) * 1000.0, MidpointRounding.ToEven) / 1000.0;
    }

}
