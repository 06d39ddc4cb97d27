using System.Text.RegularExpressions;

namespace MlopsPortal.Architecture.Tests;

/// <summary>
/// docs/architecture.md, "Errors": a page never catches exceptions itself; it runs what the user asked through
/// <c>PortalComponentBase.TryAsync</c>/<c>TryNotifyAsync</c>, so that a raw driver message cannot reach a user and every
/// unexpected failure is logged with the reference the user sees. Checked on the sources, since a catch-all compiles to
/// the same IL as the async machinery's own.
/// </summary>
public sealed partial class OneWayToFailTests
{
    /// <summary>The places allowed to catch everything: the one way itself and the circuit's background job follower.</summary>
    private static readonly string[] Allowed = ["Shared/PortalComponentBase.cs", "Live/JobWatcher.cs"];

    [GeneratedRegex(@"catch\s*(\(\s*(System\.)?Exception\b[^)]*\)\s*)?(when\b|\{)")]
    private static partial Regex CatchAll();

    [Fact]
    public void No_component_catches_exceptions_itself()
    {
        var components = Path.Combine(RepositoryRoot(), "src", "MlopsPortal.Web", "Components");
        var files = Directory.EnumerateFiles(components, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"expected the portal's components under {components}, found {files.Count} files");

        var offenders = files
            .Where(f => !Allowed.Any(a => f.Replace('\\', '/').EndsWith(a, StringComparison.Ordinal)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => CatchAll().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(components, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Components catching exceptions themselves:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_check_recognises_a_catch_all()
    {
        Assert.Matches(CatchAll(), "        catch (Exception ex) { _error = ex.Message; }");
        Assert.Matches(CatchAll(), "catch (Exception ex) when (ex is not OperationCanceledException)");
        Assert.Matches(CatchAll(), "catch { }");
        Assert.DoesNotMatch(CatchAll(), "catch (OperationCanceledException) { }");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException($"MlopsPortal.sln not found above {AppContext.BaseDirectory}");
    }
}
