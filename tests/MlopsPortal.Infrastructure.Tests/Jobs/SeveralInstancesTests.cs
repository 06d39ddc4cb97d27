using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Tests.Jobs;

/// <summary>
/// Several portal instances sharing one Hangfire queue on a real PostgreSQL: each job runs exactly once, and work
/// enqueued by one instance is taken by the others. Each "instance" is a host built the way the portal builds its
/// own (AddPortalJobs with Jobs:Storage = PostgreSql).
/// </summary>
public sealed class SeveralInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Jobs_enqueued_on_one_instance_run_exactly_once_across_two_instances()
    {
        await using var pg = await TempPostgres.StartOrSkipAsync();
        var batch = Guid.NewGuid();
        var a = await StartInstanceAsync("A", pg.ConnectionString);
        var b = await StartInstanceAsync("B", pg.ConnectionString);
        try
        {
            const int jobs = 40;
            var client = a.Services.GetRequiredService<IBackgroundJobClient>();
            var started = DateTime.UtcNow;
            for (var n = 0; n < jobs; n++)
            {
                var number = n;
                client.Enqueue<RecordingJob>(job => job.RunAsync(batch, number));
            }

            var runs = await WaitForRunsAsync(batch, jobs);
            var elapsed = DateTime.UtcNow - started;
            // A little longer: a job run twice would show up now.
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            runs = RecordingJob.Runs(batch);

            Assert.Equal(jobs, runs.Count);
            Assert.Equal(Enumerable.Range(0, jobs), runs.Select(r => r.Number).Order());
            var byInstance = runs.GroupBy(r => r.Instance).ToDictionary(g => g.Key, g => g.Count());
            TestContext.Current.TestOutputHelper?.WriteLine($"{jobs} jobs in {elapsed.TotalSeconds:F1} s; runs per instance: {string.Join(", ", byInstance.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"))}");
            Assert.True(byInstance.ContainsKey("A") && byInstance.ContainsKey("B"),
                $"both instances should take part; runs per instance: {string.Join(", ", byInstance.Select(kv => $"{kv.Key}={kv.Value}"))}");
            var stats = a.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
            Assert.Equal(0, stats.Failed);
            Assert.Equal(jobs, stats.Succeeded);
            Assert.Equal(2, stats.Servers);
        }
        finally
        {
            await StopAsync(a, b);
        }
    }

    [Fact]
    public async Task Work_enqueued_where_no_server_runs_is_taken_by_another_instance()
    {
        await using var pg = await TempPostgres.StartOrSkipAsync();
        var batch = Guid.NewGuid();
        var worker = await StartInstanceAsync("B", pg.ConnectionString);
        try
        {
            // Instance A only enqueues: the same configuration, the same storage factory, no Hangfire server.
            var clientOnly = new BackgroundJobClient(JobStorageFactory.Create(Configuration(pg.ConnectionString)));
            for (var n = 0; n < 5; n++)
            {
                var number = n;
                clientOnly.Enqueue<RecordingJob>(job => job.RunAsync(batch, number));
            }

            var runs = await WaitForRunsAsync(batch, 5);
            Assert.Equal(Enumerable.Range(0, 5), runs.Select(r => r.Number).Order());
            Assert.All(runs, r => Assert.Equal("B", r.Instance));
        }
        finally
        {
            await StopAsync(worker);
        }
    }

    [Fact]
    public void PostgreSql_storage_without_a_connection_string_is_refused_with_the_setting_to_fix()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Storage"] = "PostgreSql" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => JobStorageFactory.Create(config));
        Assert.Contains("ConnectionStrings:Hangfire", error.Message);
    }

    [Fact]
    public void An_unknown_storage_kind_is_refused_by_name()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Storage"] = "Redis" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => JobStorageFactory.Create(config));
        Assert.Contains("'Redis'", error.Message);
    }

    [Fact]
    public void Without_configuration_the_storage_stays_the_SQLite_file_in_the_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("mlops-jobs-").FullName;
        try
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MLOPS_DATA_DIR"] = dir }).Build();
            var storage = JobStorageFactory.Create(config);
            Assert.IsType<Hangfire.Storage.SQLite.SQLiteStorage>(storage);
            Assert.True(File.Exists(Path.Combine(dir, "hangfire.db")));
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [JobStorageFactory.StorageKey] = "PostgreSql",
            [$"ConnectionStrings:{JobStorageFactory.ConnectionStringName}"] = connectionString,
        }).Build();

    private static async Task<IHost> StartInstanceAsync(string name, string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(Configuration(connectionString));
        builder.AddPortalJobs();
        builder.Services.AddSingleton(new InstanceName(name));
        builder.Services.AddTransient<RecordingJob>();
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    private static async Task StopAsync(params IHost[] hosts)
    {
        foreach (var host in hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        // AddHangfire points Hangfire's process-wide log provider at the host's logger factory, now disposed;
        // later Hangfire objects in this test process would throw on it.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
    }

    private static async Task<IReadOnlyList<JobRunRecord>> WaitForRunsAsync(Guid batch, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (RecordingJob.Runs(batch).Count < expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {RecordingJob.Runs(batch).Count} of {expected} jobs ran within 120 s");
            await Task.Delay(200, Ct);
        }
        return RecordingJob.Runs(batch);
    }
}

public sealed record InstanceName(string Value);

public sealed record JobRunRecord(int Number, string Instance);

/// <summary>A job that records which instance ran it; it takes a moment so that every worker gets some.</summary>
public sealed class RecordingJob(InstanceName instance)
{
    private static readonly ConcurrentDictionary<Guid, ConcurrentQueue<JobRunRecord>> All = new();

    public static IReadOnlyList<JobRunRecord> Runs(Guid batch) =>
        All.TryGetValue(batch, out var runs) ? runs.ToArray() : [];

    public async Task RunAsync(Guid batch, int number)
    {
        await Task.Delay(250);
        All.GetOrAdd(batch, _ => new ConcurrentQueue<JobRunRecord>()).Enqueue(new JobRunRecord(number, instance.Value));
    }
}
