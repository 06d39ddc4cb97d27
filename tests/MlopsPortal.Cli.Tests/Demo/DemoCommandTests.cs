using MlopsPortal.Cli.Demo;
using Xunit;

namespace MlopsPortal.Cli.Tests.Demo;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Generates_the_requested_rows_to_a_file()
    {
        var file = Path.Combine(_dir, "sub", "inference.csv");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await DemoCommand.RunAsync(
            ["generate", "--table", "INFERENCEMORTGAGEDATA", "--rows", "1000", "--seed", "7", "--output", file], stdout, stderr, TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal(1_001, lines.Length);
        Assert.StartsWith("WEEK_START_DATE,WEEK,LOAN_ID,TS,", lines[0]);
        Assert.Contains("wrote 1000 rows of INFERENCEMORTGAGEDATA (seed 7)", stderr.ToString());
    }

    [Fact]
    public async Task Writes_to_stdout_without_output_and_is_deterministic()
    {
        async Task<string> Run()
        {
            var stdout = new StringWriter();
            Assert.Equal(0, await DemoCommand.RunAsync(["demo", "generate", "--table", "newtrainingdata", "--rows", "50"], stdout, TextWriter.Null, TestContext.Current.CancellationToken));
            return stdout.ToString();
        }
        var first = await Run();
        Assert.Equal(51, first.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(first, await Run());
    }

    [Theory]
    [InlineData(new[] { "generate", "--table", "LOANS" }, "Unknown demo table 'LOANS'")]
    [InlineData(new[] { "generate", "--table", "NEWTRAININGDATA", "--rows", "ten" }, "--rows must be a whole number")]
    [InlineData(new[] { "generate", "--rows", "10" }, "--table is required.")]
    [InlineData(new[] { "generate", "--table" }, "Option --table needs a value.")]
    [InlineData(new[] { "explode" }, "Unknown demo command 'explode'.")]
    public async Task Bad_arguments_say_what_is_wrong(string[] args, string message)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await DemoCommand.RunAsync(args, TextWriter.Null, stderr, TestContext.Current.CancellationToken));
        Assert.Contains(message, stderr.ToString());
        Assert.Contains("usage: mlops demo generate", stderr.ToString());
    }
}
