using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>
/// The README's first command, as a newcomer runs it: the built portal started as its own process prints, once it
/// listens, the URL, the admin user and where the password came from (never the chosen password itself).
/// </summary>
public sealed class StartupBannerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_MLOPS_ADMIN_PASSWORD_the_banner_names_the_url_the_user_and_the_variable_but_not_the_password()
    {
        const string password = "banner-pass-2026";
        await using var portal = await PortalProcess.StartAsync(new() { ["MLOPS_ADMIN_PASSWORD"] = password });

        Assert.Contains($"MlopsPortal is up on {portal.Url}", portal.Output);
        Assert.Contains("sign in as 'admin'; password: MLOPS_ADMIN_PASSWORD", portal.Output);
        Assert.DoesNotContain(password, portal.Output);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{portal.Url}/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task Without_a_password_the_generated_one_is_printed_once_works_and_the_banner_says_so()
    {
        await using var portal = await PortalProcess.StartAsync(new() { ["MLOPS_ADMIN_PASSWORD"] = "" });

        Assert.Contains("password: generated on this first start and printed above, only this once", portal.Output);
        var line = portal.Output.Split('\n').Single(l => l.Contains("created admin 'admin' with password: ", StringComparison.Ordinal));
        var generated = line[(line.IndexOf("password: ", StringComparison.Ordinal) + "password: ".Length)..].Trim();
        using var http = new HttpClient();
        var token = await http.PostAsJsonAsync($"{portal.Url}/api/auth/token", new { username = "admin", password = generated }, Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    /// <summary>The Web project's own build output run with `dotnet`, on a fresh data directory and a free loopback port.</summary>
    private sealed class PortalProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "mlops-banner", Guid.NewGuid().ToString("N"));

        private PortalProcess(int port)
        {
            Url = $"http://127.0.0.1:{port}";
            // bin/<Configuration>/<tfm> of this test, applied to the Web project: the portal as `dotnet run` builds it.
            var tail = Path.GetRelativePath(Path.Combine(ApiTests.RepoRoot(), "tests", "MlopsPortal.Web.Tests"), AppContext.BaseDirectory);
            var webProject = Path.Combine(ApiTests.RepoRoot(), "src", "MlopsPortal.Web");
            var webBin = Path.Combine(webProject, tail);
            _process = new Process
            {
                StartInfo = new ProcessStartInfo("dotnet", [Path.Combine(webBin, "MlopsPortal.Web.dll")])
                {
                    WorkingDirectory = webProject, // as `dotnet run --project src/MlopsPortal.Web` runs it
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    Environment =
                    {
                        ["ASPNETCORE_URLS"] = Url,
                        ["MLOPS_DATA_DIR"] = _dataDir,
                        ["MLOPS_SEED_DEMO"] = "false",
                        ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    },
                },
            };
        }

        public string Url { get; }

        public string Output { get { lock (_output) return _output.ToString(); } }

        public static async Task<PortalProcess> StartAsync(Dictionary<string, string> environment)
        {
            var portal = new PortalProcess(FreePort());
            foreach (var (key, value) in environment)
                portal._process.StartInfo.Environment[key] = value;
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Collect(object? _, DataReceivedEventArgs e)
            {
                if (e.Data is null) return;
                lock (portal._output) portal._output.Append(e.Data).Append('\n');
                if (e.Data.Contains("sign in as", StringComparison.Ordinal)) up.TrySetResult();
            }
            portal._process.OutputDataReceived += Collect;
            portal._process.ErrorDataReceived += Collect;
            portal._process.Start();
            portal._process.BeginOutputReadLine();
            portal._process.BeginErrorReadLine();
            var exited = portal._process.WaitForExitAsync(Ct);
            if (await Task.WhenAny(up.Task, exited, Task.Delay(TimeSpan.FromSeconds(120), Ct)) != up.Task)
            {
                await portal.DisposeAsync();
                Assert.Fail($"The portal printed no banner within 2 minutes:\n{portal.Output}");
            }
            return portal;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
