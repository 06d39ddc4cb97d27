using System.Text.Json;
using MlopsPortal.Core.Monitoring.OneHot;

namespace MlopsPortal.Core.Tests.Monitoring;

public sealed class OneHotTests
{
    [Fact]
    public void Get_dummies_columns_and_rows_match_pandas_on_the_lab_csv()
    {
        var table = TestData.ReadCsv(TestData.LabCsv());
        var golden = TestData.Golden("goldens_misc.json").GetProperty("onehot");
        var encoded = Strings(golden.GetProperty("encodedColumns"));
        var distinct = DistinctText(table, encoded);

        var columns = PandasDummies.ResultColumns(table.Columns, encoded, distinct, dropFirst: true);
        Assert.Equal(Strings(golden.GetProperty("dropFirstColumns")), columns);

        // Rows of the encoded frame: the numeric and dummy columns through the aligner, text columns as they are.
        string[] text = ["WEEK_START_DATE", "TS"];
        var numeric = columns.Where(c => !text.Contains(c)).ToArray();
        var aligner = new FeatureAligner(FeatureMapping.Recognise(numeric, table.Columns, distinct), table.Columns);
        foreach (var row in golden.GetProperty("rows").EnumerateArray())
        {
            var source = table.Rows[row.GetProperty("index").GetInt32()];
            var values = row.GetProperty("values");
            var aligned = aligner.Align(source);
            for (var i = 0; i < numeric.Length; i++)
            {
                Assert.Equal(values.GetProperty(numeric[i]).GetDouble(), aligned[i]);
            }

            foreach (var c in text)
            {
                Assert.Equal(values.GetProperty(c).GetString(), table.Text(source, c));
            }
        }
    }

    [Fact]
    public void Rows_lacking_categories_align_to_the_model_like_pandas_reindex()
    {
        var table = TestData.ReadCsv(TestData.LabCsv());
        var golden = TestData.Golden("goldens_misc.json").GetProperty("onehot");
        var features = Strings(golden.GetProperty("modelFeatures"));
        var mapping = FeatureMapping.Recognise(features, table.Columns, DistinctText(table, Strings(golden.GetProperty("encodedColumns"))));
        Assert.Empty(mapping.MissingFeatures);
        Assert.Equal(["Refinancing"], mapping.OneHotColumns["LOAN_PURPOSE_NAME"]);
        Assert.Equal(["Queens County", "Rensselaer County", "Ulster County"], mapping.OneHotColumns["COUNTY_NAME"]);

        var aligner = new FeatureAligner(mapping, table.Columns);
        var expected = golden.GetProperty("aligned").EnumerateArray().ToArray();
        var rows = golden.GetProperty("alignedSourceRows").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        Span<double> buffer = stackalloc double[features.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            aligner.Align(table.Rows[rows[r]], buffer);
            Assert.Equal(expected[r].EnumerateArray().Select(x => x.GetDouble()).ToArray(), buffer.ToArray());
        }
    }

    [Fact]
    public void Recognition_prefers_a_column_whose_values_contain_the_rest_then_the_longest_name()
    {
        var values = new Dictionary<string, IReadOnlyCollection<string?>>
        {
            ["LOAN"] = ["TYPE_X"],
            ["LOAN_TYPE"] = ["X", "Y"],
            ["COUNTY"] = ["Kings", null],
        };
        string[] table = ["LOAN", "LOAN_TYPE", "COUNTY", "INCOME"];
        var mapping = FeatureMapping.Recognise(["income", "LOAN_TYPE_X", "LOAN_TYPE_Z", "COUNTY_Bronx", "AGE"], table, values);

        Assert.Equal(
            [
                new FeatureSource("income", FeatureSourceKind.Column, "INCOME"),
                new FeatureSource("LOAN_TYPE_X", FeatureSourceKind.OneHot, "LOAN_TYPE", "X", true),
                new FeatureSource("LOAN_TYPE_Z", FeatureSourceKind.OneHot, "LOAN_TYPE", "Z", false),
                new FeatureSource("COUNTY_Bronx", FeatureSourceKind.OneHot, "COUNTY", "Bronx", false),
                new FeatureSource("AGE", FeatureSourceKind.Missing, null),
            ],
            mapping.Sources);
        Assert.Equal(["AGE"], mapping.MissingFeatures);

        var ex = Assert.Throws<ArgumentException>(() => new FeatureAligner(mapping, table));
        Assert.Contains("AGE", ex.Message);

        var aligner = new FeatureAligner(mapping, table, missingAsZero: true);
        Assert.Equal([double.NaN, 1, 0, 0, 0], aligner.Align(["TYPE_X", "X", null, ""]));
        Assert.Equal([12.5, 0, 0, 0, 0], aligner.Align([null, "Y", "Kings", "12.5"]));
        var bad = Assert.Throws<FormatException>(() => aligner.Align([null, "Y", "Kings", "n/a"]));
        Assert.Contains("INCOME", bad.Message);
    }

    [Fact]
    public void Dummy_levels_sort_ordinally_drop_first_and_skip_nulls()
    {
        Assert.Equal(["C_B", "C_a"], PandasDummies.DummyColumns("C", ["a", "B", null, "A", "a"], dropFirst: true));
        Assert.Empty(PandasDummies.DummyColumns("ONLY", ["x", "x"], dropFirst: true));
        Assert.Equal("COUNTY_NAME_Queens County", PandasDummies.DummyName("COUNTY_NAME", "Queens County"));
        Assert.Equal("LOAN_PURPOSE_NAME_OHE_Home_purchase", PandasDummies.DummyName("LOAN_PURPOSE_NAME", "Home_purchase", "_OHE_"));
    }

    private static string[] Strings(JsonElement e) => e.EnumerateArray().Select(x => x.GetString()!).ToArray();

    private static Dictionary<string, IReadOnlyCollection<string?>> DistinctText(CsvTable table, string[] columns) =>
        columns.ToDictionary(c => c, c => (IReadOnlyCollection<string?>)table.Rows.Select(r => table.Text(r, c)).Distinct().ToArray());
}
