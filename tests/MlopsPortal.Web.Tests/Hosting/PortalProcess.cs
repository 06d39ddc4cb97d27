using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>The Web project's own build output run with `dotnet`, on a fresh data directory and a free loopback port.</summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    /// <summary>The child's process id (its /proc/&lt;pid&gt;/status holds the peak RSS, VmHWM).</summary>
    public int Id => _process.Id;

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
