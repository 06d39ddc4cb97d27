using MlopsPortal.Core.Data.Csv;

namespace MlopsPortal.Core.Tests.Data;

public class CsvParserTests
{
    private static async Task<List<(long Line, string[] Fields)>> Parse(string text)
    {
        var parser = new CsvParser(new StringReader(text));
        var records = new List<(long, string[])>();
        while (await parser.ReadAsync(TestContext.Current.CancellationToken))
            records.Add((parser.RecordLine, parser.Fields.ToArray()));
        return records;
    }

    [Fact]
    public async Task Reads_plain_quoted_and_empty_fields_with_any_line_ending()
    {
        var records = await Parse("a,b,c\r\n1,\"x, y\",\n\"q\"\"q\",\"\",3\r4,5,6");
        Assert.Equal(
            ["1|a/b/c", "2|1/x, y/", "3|q\"q//3", "4|4/5/6"],
            records.Select(r => $"{r.Line}|{string.Join('/', r.Fields)}"));
    }

    [Fact]
    public async Task Line_numbers_count_breaks_inside_quotes_and_skip_blank_lines()
    {
        var records = await Parse("h1,h2\n\"two\nlines\",x\n\n\r\nlast,y\n");
        Assert.Equal([1L, 2L, 6L], records.Select(r => r.Line));
        Assert.Equal("two\nlines", records[1].Fields[0]);
    }

    [Fact]
    public async Task Records_spanning_buffer_refills_are_intact()
    {
        var longField = new string('z', 200_000);
        var records = await Parse($"a,b\r\n\"{longField}\",1\r\n2,3");
        Assert.Equal(longField, records[1].Fields[0]);
        Assert.Equal(["2", "3"], records[2].Fields);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_with_its_line()
    {
        var e = await Assert.ThrowsAsync<CsvImportException>(() => Parse("a,b\n1,2\n3,\"open\n"));
        Assert.Equal("line 3: a quoted field is not closed before the end of the file.", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public async Task Text_after_a_closing_quote_is_reported()
    {
        var e = await Assert.ThrowsAsync<CsvImportException>(() => Parse("a,b\n\"x\"y,2\n"));
        Assert.StartsWith("line 2, field 1: unexpected 'y' after a closing quote", e.Message);
    }
}
