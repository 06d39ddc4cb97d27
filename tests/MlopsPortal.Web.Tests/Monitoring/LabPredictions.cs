using System.Globalization;
using System.Text;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>
/// The lab's Mortgage_Data.csv (read in ../shared/lab-data, never copied) plus the goldens' deterministic PREDICTED_SCORE
/// and PREDICTED_RESPONSE columns, as CSV text ready for POST /api/tables/{table}/csv.
/// </summary>
public static class LabPredictions
{
    public static string Csv()
    {
        var path = Find() ?? throw new InvalidOperationException("Mortgage_Data.csv not found");
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

    public static bool Available => Find() is not null;

    private static double Score(double income, double amount)
    {
        var z = (0.05 * (income - 48.0)) - (0.004 * (amount - 217.0)) + 0.5;
        return Math.Round(1.0 / (1.0 + Math.Exp(-z)) * 1000.0, MidpointRounding.ToEven) / 1000.0;
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
            {
                var p = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "lab-data", "Mortgage_Data.csv"));
                return File.Exists(p) ? p : null;
            }
        }

        return null;
    }
}
