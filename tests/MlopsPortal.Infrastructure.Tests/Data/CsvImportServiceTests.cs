using System.Text;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Data;

/// <summary>One test here measures process-wide memory, so the class runs alone.</summary>
[Collection(MemoryMeasurement.Name)]
public sealed class CsvImportServiceTests : IDisposable
{
    private readonly TempWarehouse _temp = new();
    private readonly CsvImportService _import;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CsvImportServiceTests() => _import = new CsvImportService(_temp.Warehouse);

    public void Dispose() => _temp.Dispose();

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private Task<ImportResult> Import(string table, string text, ImportMode mode) => _import.ImportAsync(table, Csv(text), mode, Ct);

    private async Task<CsvImportException> Refused(string table, Stream csv, ImportMode mode) =>
        await Assert.ThrowsAsync<CsvImportException>(() => _import.ImportAsync(table, csv, mode, Ct));

    private async Task<long> Count(string table) =>
        await _temp.Warehouse.ScalarAsync<long>($"SELECT COUNT(*) FROM {_temp.Warehouse.Dialect.Quote(table)}", ct: Ct);

    [Fact]
    public async Task Imports_the_lab_mortgage_data_with_inferred_types()
    {
        await using var file = File.OpenRead(LabData.Path("Mortgage_Data.csv"));
        var result = await _import.ImportAsync("INFERENCEMORTGAGEDATA", file, ImportMode.Create, Ct);
        Assert.Equal(4800, result.Rows);

        var info = await _temp.Warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct);
        Assert.Equal(4800, info!.Rows);
        Assert.Equal(
            [("WEEK_START_DATE", "TIMESTAMP"), ("WEEK", "BIGINT"), ("LOAN_ID", "BIGINT"), ("TS", "VARCHAR"),
             ("LOAN_TYPE_NAME", "VARCHAR"), ("LOAN_PURPOSE_NAME", "VARCHAR"), ("APPLICANT_INCOME_000S", "DOUBLE"),
             ("LOAN_AMOUNT_000S", "BIGINT"), ("COUNTY_NAME", "VARCHAR"), ("MORTGAGERESPONSE", "BIGINT")],
            info.Columns.Select(c => (c.Name, c.NativeType)));
        Assert.Equal(new DateTime(2024, 12, 20), await _temp.Warehouse.ScalarAsync<DateTime>(
            "SELECT MIN(WEEK_START_DATE) FROM INFERENCEMORTGAGEDATA", ct: Ct));
        var source = MlopsPortal.TestKit.LabTable.Read(MlopsPortal.TestKit.LabFiles.Mortgage);
        Assert.Equal(source.Column("TS").First(), await _temp.Warehouse.ScalarAsync<string>( // "20:15.4" in the lab's file
            "SELECT TS FROM INFERENCEMORTGAGEDATA WHERE WEEK = 1 LIMIT 1", ct: Ct));
        Assert.Equal(200, await _temp.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM INFERENCEMORTGAGEDATA WHERE WEEK = 23", ct: Ct));
    }

    [Fact]
    public async Task Imports_new_training_data_with_empty_incomes_as_null()
    {
        await using var file = File.OpenRead(LabData.Path("NewTrainingData.csv"));
        var result = await _import.ImportAsync("NEWTRAININGDATA", file, ImportMode.Create, Ct);
        Assert.Equal(5300, result.Rows);
        var missing = MlopsPortal.TestKit.LabTable.Read(MlopsPortal.TestKit.LabFiles.NewTraining).CountEmpty("APPLICANT_INCOME_000S");
        Assert.True(missing > 0, "the file has empty incomes (42 in the lab's)");
        Assert.Equal(missing, await _temp.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM NEWTRAININGDATA WHERE APPLICANT_INCOME_000S IS NULL", ct: Ct));
        Assert.Equal(WarehouseType.Double,
            (await _temp.Warehouse.DescribeTableAsync("NEWTRAININGDATA", Ct))!.Column("applicant_income_000s")!.Type);
    }

    private static string MortgageWithBadIncomeAtLine3001()
    {
        var lines = File.ReadAllLines(LabData.Path("Mortgage_Data.csv"));
        var fields = lines[3000].Split(',');
        fields[6] = "abc";
        lines[3000] = string.Join(',', fields);
        return string.Join('\n', lines) + "\n";
    }

    [Theory]
    [InlineData(ImportMode.Append)]
    [InlineData(ImportMode.Replace)]
    public async Task A_bad_value_at_line_3001_is_refused_and_the_table_is_unchanged(ImportMode mode)
    {
        await using (var file = File.OpenRead(LabData.Path("Mortgage_Data.csv")))
            await _import.ImportAsync("INFERENCEMORTGAGEDATA", file, ImportMode.Create, Ct);

        var e = await Refused("INFERENCEMORTGAGEDATA", Csv(MortgageWithBadIncomeAtLine3001()), mode);
        Assert.Equal("line 3001, column APPLICANT_INCOME_000S: 'abc' is not a number.", e.Message);
        Assert.Equal(3001, e.Line);
        Assert.Equal("APPLICANT_INCOME_000S", e.Column);
        Assert.Equal(4800, await Count("INFERENCEMORTGAGEDATA"));
    }

    [Fact]
    public async Task A_bad_value_after_the_inference_sample_is_refused_in_create_and_no_table_is_left()
    {
        var text = new StringBuilder("ID,AMOUNT\n");
        for (var i = 1; i <= 12_000; i++)
            text.Append(i).Append(',').Append(i == 11_000 ? "x1" : (i * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        var e = await Refused("BIG", Csv(text.ToString()), ImportMode.Create);
        Assert.StartsWith("line 11001, column AMOUNT: 'x1' is not a number (the column's type Double was inferred from the first 10,000 rows", e.Message);
        Assert.Null(await _temp.Warehouse.DescribeTableAsync("BIG", Ct));
    }

    [Fact]
    public async Task A_bad_value_at_line_3001_in_create_is_refused_and_no_table_is_created()
    {
        // 'abc' is within the inference sample; the column is still numeric (4,799 of 4,800 values are), so 'abc' is an error
        var e = await Refused("INFERENCEMORTGAGEDATA", Csv(MortgageWithBadIncomeAtLine3001()), ImportMode.Create);
        Assert.Equal(
            "line 3001, column APPLICANT_INCOME_000S: 'abc' is not a number (the column's type Double was inferred from " +
            "the first 10,000 rows, where 4,799 of 4,800 values fit it).", e.Message);
        Assert.Null(await _temp.Warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct));
    }

    [Fact]
    public async Task A_mostly_numeric_column_with_many_words_becomes_text()
    {
        var text = new StringBuilder("CODE\n");
        for (var i = 0; i < 200; i++)
            text.Append(i % 10 == 0 ? "A" + i : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        await Import("CODES", text.ToString(), ImportMode.Create);
        Assert.Equal(WarehouseType.Text, (await _temp.Warehouse.DescribeTableAsync("CODES", Ct))!.Columns[0].Type);
    }

    [Fact]
    public async Task Create_refuses_an_existing_table()
    {
        await Import("T", "A\n1\n", ImportMode.Create);
        var e = await Refused("t", Csv("A\n2\n"), ImportMode.Create);
        Assert.Equal("Table 'T' already exists; import with mode append or replace.", e.Message);
        Assert.Equal(1, await Count("T"));
    }

    [Fact]
    public async Task Append_requires_the_table()
    {
        var e = await Refused("NOPE", Csv("A\n1\n"), ImportMode.Append);
        Assert.Equal("Table 'NOPE' does not exist; import with mode create or replace to create it.", e.Message);
    }

    [Fact]
    public async Task Replace_creates_a_missing_table_like_pandas_if_exists_replace()
    {
        Assert.Equal(2, (await Import("FRESH", "ID,NAME\n1,a\n2,b\n", ImportMode.Replace)).Rows);
        Assert.Equal(2, await Count("FRESH"));
    }

    [Fact]
    public async Task Append_matches_columns_by_name_case_insensitively_in_any_order_and_replace_swaps_rows()
    {
        await Import("T", "ID,NAME,SCORE\n1,a,0.5\n", ImportMode.Create);
        Assert.Equal(2, (await Import("T", "score,id,name\n0.25,2,b\n,3,\n", ImportMode.Append)).Rows);
        Assert.Equal(3, await Count("T"));
        Assert.Equal(0.75, await _temp.Warehouse.ScalarAsync<double>("SELECT SUM(SCORE) FROM T", ct: Ct));
        Assert.Null(await _temp.Warehouse.ScalarAsync<string>("SELECT NAME FROM T WHERE ID = 3", ct: Ct));

        Assert.Equal(1, (await Import("T", "ID,NAME,SCORE\n9,z,1\n", ImportMode.Replace)).Rows);
        Assert.Equal(9, await _temp.Warehouse.ScalarAsync<long>("SELECT ID FROM T", ct: Ct));
    }

    [Fact]
    public async Task Missing_and_extra_columns_are_named()
    {
        await Import("T", "ID,NAME,SCORE\n1,a,0.5\n", ImportMode.Create);
        var e = await Refused("T", Csv("ID,SCORE,COLOR,SHAPE\n2,0.1,red,round\n"), ImportMode.Append);
        Assert.Equal("The CSV's columns do not match table 'T': missing column NAME; extra columns COLOR, SHAPE not in the table.", e.Message);
        e = await Refused("T", Csv("ID,SCORE\n2,0.1\n"), ImportMode.Replace);
        Assert.Equal("The CSV's columns do not match table 'T': missing column NAME.", e.Message);
        Assert.Equal(1, await Count("T"));
    }

    [Fact]
    public async Task An_empty_cell_in_a_not_null_column_names_its_line()
    {
        await _temp.Warehouse.ExecuteAsync("CREATE TABLE NN (ID BIGINT NOT NULL, NAME VARCHAR)", ct: Ct);
        var e = await Refused("NN", Csv("ID,NAME\n1,a\n,b\n"), ImportMode.Append);
        Assert.Equal("line 3, column ID: a value is required (the column is NOT NULL).", e.Message);
        Assert.Equal(0, await Count("NN"));
    }

    [Theory]
    [InlineData(ImportMode.Create)]
    [InlineData(ImportMode.Append)]
    public async Task An_empty_file_is_refused(ImportMode mode)
    {
        var e = await Refused("T", Csv(""), mode);
        Assert.Equal("The CSV file is empty: expected a header line with the column names.", e.Message);
    }

    [Fact]
    public async Task A_header_without_rows_cannot_create()
    {
        var e = await Refused("T", Csv("A,B\n"), ImportMode.Create);
        Assert.Contains("no data rows", e.Message);
        Assert.Null(await _temp.Warehouse.DescribeTableAsync("T", Ct));
    }

    [Theory]
    [InlineData("A;B;C\n1;2;3\n", "semicolons (';')")]
    [InlineData("A\tB\tC\n1\t2\t3\n", "tabs")]
    public async Task A_wrong_delimiter_is_named(string text, string what)
    {
        var e = await Refused("T", Csv(text), ImportMode.Create);
        Assert.Equal($"line 1: the header is separated by {what}, not commas; save the file as comma-separated CSV.", e.Message);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var text = "ID,COUNTY,NOTE\r\n1,\"Kings, County\",\"said \"\"hi\"\"\"\r\n2,Queens,\"two\r\nlines\"\r\n3,Bronx,\r\n";
        Assert.Equal(3, (await Import("Q", text, ImportMode.Create)).Rows);
        Assert.Equal("Kings, County", await _temp.Warehouse.ScalarAsync<string>("SELECT COUNTY FROM Q WHERE ID = 1", ct: Ct));
        Assert.Equal("said \"hi\"", await _temp.Warehouse.ScalarAsync<string>("SELECT NOTE FROM Q WHERE ID = 1", ct: Ct));
        Assert.Equal("two\r\nlines", await _temp.Warehouse.ScalarAsync<string>("SELECT NOTE FROM Q WHERE ID = 2", ct: Ct));
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_names_its_line()
    {
        var e = await Refused("T", Csv("A,B\n1,2\n3\n"), ImportMode.Create);
        Assert.Equal("line 3: expected 2 fields like the header but found 1.", e.Message);
        Assert.Null(await _temp.Warehouse.DescribeTableAsync("T", Ct));
    }

    [Fact]
    public async Task Invalid_table_and_column_names_are_refused()
    {
        var e = await Refused("bad name", Csv("A\n1\n"), ImportMode.Create);
        Assert.StartsWith("'bad name' is not a valid table name", e.Message);
        e = await Refused("T", Csv("A,B C\n1,2\n"), ImportMode.Create);
        Assert.StartsWith("line 1: header column 2 'B C' is not a valid column name", e.Message);
        e = await Refused("T", Csv("A,a\n1,2\n"), ImportMode.Create);
        Assert.Equal("line 1: column 'a' appears twice in the header.", e.Message);
    }

    [Fact]
    public async Task Two_million_generated_rows_stream_with_bounded_memory()
    {
        const long rows = 2_000_000;
        long peak = 0;
        var csv = new GeneratedCsvStream(
            "WEEK_START_DATE,WEEK,LOAN_ID,COUNTY_NAME,APPLICANT_INCOME_000S,MORTGAGERESPONSE",
            rows,
            i => $"2024-12-20 00:00:00,{i % 25 + 1},{i},Ulster County number {i % 97},{i % 1000 / 10}.{i % 10},{i % 2}",
            i =>
            {
                if (i % 250_000 == 0)
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            });
        var result = await _import.ImportAsync("BIG", csv, ImportMode.Create, Ct);

        Assert.Equal(rows, result.Rows);
        Assert.Equal(rows, await Count("BIG"));
        Assert.True(csv.BytesProduced > 120_000_000, $"only {csv.BytesProduced} bytes were produced");
        Assert.True(peak < 48_000_000, $"peak managed memory {peak:N0} bytes while importing {csv.BytesProduced:N0} bytes");
    }
}
