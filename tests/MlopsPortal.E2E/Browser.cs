using Microsoft.Playwright;

namespace MlopsPortal.E2E;

/// <summary>Debian's Chromium, headless, started the way this machine allows (no downloads, no background network).</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}: `apt-get install chromium` (./build.sh test installs it).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    /// <summary>Screenshots are kept as test artifacts under TestResults/screenshots.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    /// <summary>
    /// Gives a Blazor InputFile (inside the element with <paramref name="testId"/>) a file. InputFile listens for the file
    /// only once its JS init has run, a little after the page is marked interactive, and Chromium fires no second change
    /// for the same file, so a file given in between is lost: wait for the init's mark on the input first.
    /// </summary>
    public static async Task UploadAsync(IPage page, string testId, string file)
    {
        var input = $"[data-testid={testId}] input[type=file]";
        await page.WaitForFunctionAsync($"() => document.querySelector('{input}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(input).SetInputFilesAsync(file);
    }

    public static async Task SignInAsync(IPage page, string baseUrl, string user, string password)
    {
        await page.GotoAsync($"{baseUrl}/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("MlopsPortal.sln is not above the test's folder.");
    }

    /// <summary>A lab CSV, or its demo stand-in on a bare clone (<see cref="MlopsPortal.TestKit.LabFiles"/>).</summary>
    public static string LabData(string file) => MlopsPortal.TestKit.LabFiles.Path(file);
}
