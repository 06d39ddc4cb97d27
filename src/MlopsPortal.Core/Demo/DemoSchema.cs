using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Demo;

public enum DemoTable
{
    /// <summary>25 weekly batches from 2024-12-20 (the lab's Mortgage_Data.csv).</summary>
    InferenceMortgageData,
    /// <summary>Weeks 20–30 with more counties, loan types and some empty incomes (the lab's NewTrainingData.csv).</summary>
    NewTrainingData,
}

/// <summary>The lab's mortgage schema, shared by both demo tables.</summary>
public static class DemoSchema
{
    public const string InferenceTable = "INFERENCEMORTGAGEDATA";
    public const string TrainingTable = "NEWTRAININGDATA";

    public static IReadOnlyList<(string Name, WarehouseType Type)> Columns { get; } =
    [
        ("WEEK_START_DATE", WarehouseType.Timestamp),
        ("WEEK", WarehouseType.Integer),
        ("LOAN_ID", WarehouseType.Integer),
        ("TS", WarehouseType.Text),
        ("LOAN_TYPE_NAME", WarehouseType.Text),
        ("LOAN_PURPOSE_NAME", WarehouseType.Text),
        ("APPLICANT_INCOME_000S", WarehouseType.Double),
        ("LOAN_AMOUNT_000S", WarehouseType.Integer),
        ("COUNTY_NAME", WarehouseType.Text),
        ("MORTGAGERESPONSE", WarehouseType.Integer),
    ];

    public static string TableName(DemoTable table) => table switch
    {
        DemoTable.InferenceMortgageData => InferenceTable,
        DemoTable.NewTrainingData => TrainingTable,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    public static DemoTable Parse(string name) =>
        name.Trim().ToUpperInvariant() switch
        {
            InferenceTable => DemoTable.InferenceMortgageData,
            TrainingTable => DemoTable.NewTrainingData,
            _ => throw new ArgumentException($"Unknown demo table '{name}': use {InferenceTable} or {TrainingTable}."),
        };

    /// <summary>The lab's row counts: 4,800 and 5,300.</summary>
    public static long DefaultRows(DemoTable table) => table == DemoTable.InferenceMortgageData ? 4_800 : 5_300;

    /// <summary>The lab's week start: week 1 is 2024-12-20, week 2 is 2025-01-05, then every 7 days.</summary>
    public static DateTime WeekStart(int week) =>
        week <= 1 ? new DateTime(2024, 12, 20) : new DateTime(2025, 1, 5).AddDays(7 * (week - 2));
}
