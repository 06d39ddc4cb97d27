using System.Security.Cryptography;
using System.Text;
using MlopsPortal.Core.Demo;

namespace MlopsPortal.Core.Tests.Demo;

public class DemoDataGeneratorTests
{
    private const string LabHeader =
        "WEEK_START_DATE,WEEK,LOAN_ID,TS,LOAN_TYPE_NAME,LOAN_PURPOSE_NAME,APPLICANT_INCOME_000S,LOAN_AMOUNT_000S,COUNTY_NAME,MORTGAGERESPONSE";

    private static string Hash(DemoTable table, ulong seed, long? rows = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in DemoDataGenerator.Generate(table, rows, seed))
            sha.AppendData(Encoding.UTF8.GetBytes(DemoCsv.FormatRow(row) + "\n"));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private static List<Row> Rows(DemoTable table, long? rows = null, ulong seed = DemoDataGenerator.DefaultSeed) =>
        DemoDataGenerator.Generate(table, rows, seed).Select(Row.From).ToList();

    private sealed record Row(DateTime Start, long Week, long LoanId, string Ts, string Type, string Purpose,
        double? Income, long Amount, string County, long Label)
    {
        public static Row From(object?[] v) => new((DateTime)v[0]!, (long)v[1]!, (long)v[2]!, (string)v[3]!, (string)v[4]!,
            (string)v[5]!, (double?)v[6], (long)v[7]!, (string)v[8]!, (long)v[9]!);
    }

    [Theory]
    [InlineData(DemoTable.InferenceMortgageData)]
    [InlineData(DemoTable.NewTrainingData)]
    public void Same_seed_gives_the_same_rows_and_another_seed_differs(DemoTable table)
    {
        Assert.Equal(Hash(table, 42), Hash(table, 42));
        Assert.NotEqual(Hash(table, 42), Hash(table, 43));
    }

    [Fact]
    public void Rows_have_the_lab_schema_and_types()
    {
        Assert.Equal(LabHeader, string.Join(',', DemoSchema.Columns.Select(c => c.Name)));
        var first = DemoDataGenerator.Generate(DemoTable.InferenceMortgageData).First();
        Assert.Equal(10, first.Length);
        Assert.Equal(
            [typeof(DateTime), typeof(long), typeof(long), typeof(string), typeof(string), typeof(string),
             typeof(double), typeof(long), typeof(string), typeof(long)],
            first.Select(v => v!.GetType()));
        Assert.Matches(@"^2024-12-20 00:00:00,1,\d{6},\d\d:\d\d\.\d,Conventional,(Refinancing|Home purchase),\d+\.\d,\d+,[A-Za-z. ]+ County,[01]$",
            DemoCsv.FormatRow(first));
    }

    [Fact]
    public void Inference_data_has_the_lab_weeks_and_counts()
    {
        var rows = Rows(DemoTable.InferenceMortgageData);
        Assert.Equal(4_800, rows.Count);
        var weeks = rows.GroupBy(r => r.Week).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Enumerable.Range(1, 25).Select(w => (long)w), weeks.Keys.Order());
        Assert.All(weeks, w => Assert.Equal(w.Key <= 23 ? 200 : 100, w.Value.Count));
        Assert.Equal(new DateTime(2024, 12, 20), weeks[1][0].Start);
        Assert.Equal(new DateTime(2025, 1, 5), weeks[2][0].Start);
        Assert.Equal(new DateTime(2025, 2, 9), weeks[7][0].Start);
        Assert.Equal(new DateTime(2025, 6, 15), weeks[25][0].Start);
        Assert.Equal(4, rows.Select(r => r.LoanId).Distinct().Count());
        Assert.Equal(4, rows.Select(r => r.County).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("Conventional", r.Type));
        Assert.DoesNotContain(rows, r => r.Income is null);
    }

    [Fact]
    public void New_training_data_has_weeks_20_to_30_more_categories_and_some_empty_incomes()
    {
        var rows = Rows(DemoTable.NewTrainingData);
        Assert.Equal(5_300, rows.Count);
        var perWeek = rows.GroupBy(r => r.Week).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(20, 11).Select(w => (long)w), perWeek.Keys.Order());
        Assert.Equal([500, 500, 500, 500, 500, 500, 500, 500, 850, 200, 250], perWeek.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(new DateTime(2025, 5, 11), rows[0].Start);
        Assert.InRange(rows.Count(r => r.Income is null), 25, 60);
        Assert.InRange(rows.Select(r => r.County).Distinct().Count(), 35, 47);
        Assert.Equal(4, rows.Select(r => r.Type).Distinct().Count());
        Assert.Equal(3, rows.Select(r => r.Purpose).Distinct().Count());
        Assert.True(rows.Select(r => r.LoanId).Distinct().Count() > 250);
    }

    [Fact]
    public void New_training_data_repeats_the_key_loan_id_and_week_start_as_the_labs_file_does()
    {
        // The lab's file: 344 distinct (LOAN_ID, WEEK_START_DATE) over 5,300 rows, 44 of them repeated (docs/metrics.md,
        // "Training sets"). The stand-in must show the same non-uniqueness, so the training-set key check has work on a bare clone.
        var groups = Rows(DemoTable.NewTrainingData).GroupBy(r => (r.LoanId, r.Start)).ToList();
        var repeated = groups.Where(g => g.Count() > 1).ToList();
        Assert.InRange(groups.Count, 100, 1_000);
        Assert.InRange(repeated.Count, 20, 100);
        Assert.True(repeated.Sum(g => g.Count()) > 4_000, $"{repeated.Sum(g => g.Count())} rows share a key");
    }

    [Fact]
    public void The_drift_story_is_present()
    {
        var rows = Rows(DemoTable.InferenceMortgageData);
        double Rate(IEnumerable<Row> r) => r.Average(x => (double)x.Label);
        var early = rows.Where(r => r.Week <= 5).ToList();
        var late = rows.Where(r => r.Week >= 15).ToList();

        Assert.InRange(Rate(early), 0.45, 0.65);
        Assert.InRange(Rate(late), 0.68, 0.85);
        Assert.True(Rate(late) > Rate(early) + 0.12, $"positive rate {Rate(early):F2} -> {Rate(late):F2}");
        Assert.True(late.Average(r => r.Income!.Value) < early.Average(r => r.Income!.Value) * 0.95, "incomes should fall");
        Assert.True(late.Average(r => r.Amount) > early.Average(r => r.Amount) * 1.05, "loan amounts should rise");

        // concept drift: before week 7 stretched applicants (high amount/income) are mostly refused, afterwards mostly accepted
        static bool Stretched(Row r) => r.Amount / r.Income!.Value > 6;
        Assert.True(Rate(rows.Where(r => r.Week < 7 && Stretched(r))) < 0.3);
        Assert.True(Rate(rows.Where(r => r.Week >= 9 && Stretched(r))) > 0.7);
    }

    [Fact]
    public void Drift_starts_in_the_week_of_2025_02_09()
    {
        Assert.Equal(new DateTime(2025, 2, 9), DemoSchema.WeekStart(DriftStory.DriftWeek));
        Assert.Equal(0, DriftStory.Intensity(6));
        Assert.True(DriftStory.Intensity(7) > 0.5);
        Assert.Equal(1, DriftStory.Intensity(13));
    }

    [Theory]
    [InlineData(DemoTable.InferenceMortgageData, 1_000)]
    [InlineData(DemoTable.InferenceMortgageData, 7)]
    [InlineData(DemoTable.NewTrainingData, 123_457)]
    [InlineData(DemoTable.NewTrainingData, 0)]
    public void Any_row_count_is_honoured_exactly(DemoTable table, long count)
    {
        Assert.Equal(count, DemoDataGenerator.Generate(table, count).LongCount());
    }


    [Fact]
    public async Task Csv_output_has_the_lab_header_and_format()
    {
        var text = new StringWriter();
        var n = await DemoCsv.WriteAsync(text, DemoDataGenerator.Generate(DemoTable.NewTrainingData), TestContext.Current.CancellationToken);
        Assert.Equal(5_300, n);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(LabHeader, lines[0]);
        Assert.Equal(5_301, lines.Length);
        Assert.Contains(lines, l => l.Contains(",,"));
        Assert.StartsWith("2025-05-11 00:00:00,20,", lines[1]);
    }
}

/// <summary>Measures process-wide memory, so it runs alone: other tests allocating in parallel would blur it.</summary>
[Collection(MemoryMeasurement.Name)]
public class DemoDataGeneratorMemoryTests
{
    [Fact]
    public void Ten_million_rows_stream_lazily_with_constant_memory()
    {
        var rows = DemoDataGenerator.Generate(DemoTable.InferenceMortgageData, 10_000_000);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long n = 0, peak = 0;
        foreach (var row in rows)
        {
            if (++n % 250_000 == 0)
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
            if (n == 1_000_000)
                break;
        }
        Assert.Equal(1_000_000, n);
        Assert.True(peak < 4_000_000, $"memory grew by {peak:N0} bytes while streaming");
        var plan = WeekPlan.For(DemoTable.InferenceMortgageData, 10_000_000);
        Assert.Equal(10_000_000, plan.Sum(s => s.Rows));
        Assert.Equal(416_667, plan[0].Rows);
        Assert.Equal(208_333, plan[^1].Rows);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
