namespace MlopsPortal.Core.Demo;

/// <summary>A recurring applicant profile: the lab's data repeats four loans, each with its own county and income level.</summary>
internal sealed record LoanProfile(
    long LoanId, string Ts, string County, string Purpose, double IncomeMean, double IncomeSd, double AmountMean, double AmountSd);

/// <summary>Who applies: four recurring profiles, plus varied one-off applicants in NEWTRAININGDATA's week 28.</summary>
internal static class DemoPopulation
{
    public const string Conventional = "Conventional";
    public const string HomePurchase = "Home purchase";

    public static readonly LoanProfile[] Profiles =
    [
        new(361354, "20:15.4", "Ulster County", "Refinancing", 53, 12, 310, 45),
        new(176033, "36:17.3", "Queens County", HomePurchase, 70, 15, 208, 40),
        new(157154, "54:11.5", "Rensselaer County", "Refinancing", 45, 10, 258, 40),
        new(363343, "26:29.8", "Erie County", "Refinancing", 20, 4, 75, 15),
    ];

    public static readonly double[] ProfileCumulative = Cumulative([0.24, 0.279, 0.2625, 0.2185]);

    public static readonly string[] LoanTypes = [Conventional, "FHA-insured", "VA-guaranteed", "FSA/RHS-guaranteed"];
    public static readonly double[] LoanTypeCumulative = Cumulative([234, 57, 8, 1]);

    public static readonly string[] Purposes = ["Home purchase", "Refinancing", "Home improvement"];
    public static readonly double[] PurposeCumulative = Cumulative([161, 104, 35]);

    public static readonly string[] Counties =
    [
        "Suffolk County", "Queens County", "Nassau County", "Monroe County", "Westchester County", "Kings County",
        "Erie County", "Bronx County", "New York County", "Richmond County", "Niagara County", "Ulster County",
        "Onondaga County", "Oswego County", "Dutchess County", "Orange County", "Ontario County", "Delaware County",
        "Cattaraugus County", "Broome County", "Rockland County", "Steuben County", "Washington County",
        "Rensselaer County", "Wayne County", "Putnam County", "Schenectady County", "Albany County", "Seneca County",
        "Otsego County", "Columbia County", "Chemung County", "Allegany County", "Cayuga County", "Oneida County",
        "Madison County", "Saratoga County", "Herkimer County", "Yates County", "Tompkins County", "Jefferson County",
        "St. Lawrence County", "Genesee County", "Orleans County", "Essex County", "Chenango County", "Clinton County",
    ];

    public static readonly double[] CountyCumulative = Cumulative(
        [34, 26, 25, 20, 20, 16, 14, 13, 13, 12, 7, 6, 6, 6, 6, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3,
         2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    /// <summary>Share of one-off applicants whose income is missing (~42 of 5,300 rows).</summary>
    public const double MissingIncomeShare = 0.14;

    private static double[] Cumulative(double[] weights)
    {
        var result = new double[weights.Length];
        double sum = 0;
        for (var i = 0; i < weights.Length; i++)
            result[i] = sum += weights[i];
        return result;
    }
}
