using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using MlopsPortal.Infrastructure.Registry;

namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>
/// A real local S3 server (npm s3rver) on a free loopback port, with a bucket <see cref="Bucket"/>.
/// When node or s3rver are absent, <see cref="SkipReason"/> says so and the tests using it skip.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "sagemaker-models";
    public const string Key = "S3RVER";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-s3rver-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public string? SkipReason { get; private set; }
    public S3Options Options { get; } = new() { ForcePathStyle = true, AccessKey = Key, SecretKey = Key, Region = "us-east-1" };

    public IAmazonS3 CreateClient() => S3ClientFactory.Create(Options);

    public async ValueTask InitializeAsync()
    {
        var exe = FindOnPath("s3rver");
        if (exe is null)
        {
            SkipReason = "s3rver is not installed (npm install -g s3rver@3; ./build.sh test installs it).";
            return;
        }
        Directory.CreateDirectory(_dir);
        var port = FreePort();
        var start = new ProcessStartInfo(exe)
        {
            ArgumentList = { "-d", _dir, "-a", "127.0.0.1", "-p", port.ToString(), "-s", "--configure-bucket", Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start s3rver");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Options.ServiceUrl = $"http://127.0.0.1:{port}";
        await WaitForPortAsync(port, TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                await Task.Delay(200); // the bucket is configured right after the socket opens
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"s3rver did not listen on port {port} within {timeout.TotalSeconds} s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
