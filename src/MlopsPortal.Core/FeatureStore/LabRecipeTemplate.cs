namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// docs/lab-workflow.md phase 3 steps 1–2 as a recipe: NEWTRAININGDATA cleaned (LOAN_TYPE_NAME mapped, LOAN_PURPOSE_NAME's
/// '-', ' ', '.' → '_', COUNTY_NAME's '-', '_', '.' removed, incomes and amounts as floats), the string columns
/// one-hot encoded (not TS, not the label MORTGAGERESPONSE), numeric nulls filled with 0, saved as NEWTRAININGDATA_FINAL.
/// </summary>
public static class LabRecipeTemplate
{
    public const string Name = "LAB_NEWTRAININGDATA_CLEANING";
    public const string Title = "Lab: NEWTRAININGDATA cleaning";
    public const string SourceTable = "NEWTRAININGDATA";
    public const string OutputTable = "NEWTRAININGDATA_FINAL";

    public static RetrainingRecipe Recipe { get; } = new(
        Name,
        SourceTable,
        OutputTable,
        [
            new ColumnRule("LOAN_TYPE_NAME", RuleKind.ValueMap, Map: new Dictionary<string, string>
            {
                ["FSA/RHS-guaranteed"] = "FSA_RHS",
                ["FHA-insured"] = "FHA",
                ["VA-guaranteed"] = "VA",
            }),
            new ColumnRule("LOAN_PURPOSE_NAME", RuleKind.Replace, Characters: ["-", " ", "."], Replacement: "_"),
            new ColumnRule("COUNTY_NAME", RuleKind.Remove, Characters: ["-", "_", "."]),
            new ColumnRule("APPLICANT_INCOME_000S", RuleKind.Cast, CastTo: CastType.Double),
            new ColumnRule("LOAN_AMOUNT_000S", RuleKind.Cast, CastTo: CastType.Double),
        ],
        ["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"],
        FillNumericNulls: true,
        FillValue: 0,
        Description: Title + " (the lab's phase 3, steps 1–2)");
}
