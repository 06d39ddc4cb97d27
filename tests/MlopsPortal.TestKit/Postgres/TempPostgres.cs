using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace MlopsPortal.TestKit.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp directory, started on a free loopback port, removed on dispose.
/// PostgreSQL refuses to run as root, so under root (CI) every server command runs as the 'postgres' user that the
/// Debian package creates.
/// </summary>
public sealed class TempPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly bool _asPostgresUser;
    private bool _started;

    public int Port { get; }

    private string BaseDirectory => _asPostgresUser && Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Timeout=30";

    private TempPostgres(string bin)
    {
        _bin = bin;
        _asPostgresUser = Environment.UserName == "root";
        // The postgres user must reach the directory: under root, /tmp rather than a TMPDIR that may sit in /root.
        _root = Path.Combine(BaseDirectory, "mlops-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_root, "data");
        Port = FreeLoopbackPort();
    }

    /// <summary>The bin directory of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout), or null.</summary>
    public static string? FindBinaries()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot)) return null;
        return Directory.GetDirectories(debianRoot)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    /// <summary>Starts a cluster, or skips the calling test with the reason when PostgreSQL is not installed.</summary>
    public static async Task<TempPostgres> StartOrSkipAsync()
    {
        var bin = FindBinaries();
        if (bin is null)
            Assert.Skip("PostgreSQL binaries not found under /usr/lib/postgresql/<version>/bin: install the Debian package 'postgresql' (./build.sh test does).");
        var pg = new TempPostgres(bin);
        try
        {
            await pg.StartAsync();
            return pg;
        }
        catch
        {
            await pg.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Directory.CreateDirectory(_root);
        if (_asPostgresUser) await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false);
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
        // Unix socket in our own directory (the default one may not exist or belong to another cluster).
        var serverOptions = $"-p {Port} -h 127.0.0.1 -k {_root} -c fsync=off -c max_connections=100";
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"]);
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private Task RunAsync(string file, IReadOnlyList<string> args) => RunAsync(file, args, _asPostgresUser);

    private async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) psi.ArgumentList.Add(a);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = BaseDirectory;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        // pg_ctl start leaves the server running with our pipes inherited; read to EOF would wait for the server,
        // so wait for the process and read what it wrote without blocking on the children.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : "";
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}: " +
                $"{await Completed(stderr)} {await Completed(stdout)} {log}");
        }
    }

    private static async Task<string> Completed(Task<string> read) =>
        await Task.WhenAny(read, Task.Delay(1000)) == read ? await read : "";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
