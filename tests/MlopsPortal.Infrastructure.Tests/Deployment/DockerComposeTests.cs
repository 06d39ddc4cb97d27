using System.Diagnostics;
using System.Text.Json;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Settings;
using MlopsPortal.Infrastructure.Snowflake;
using Npgsql;

namespace MlopsPortal.Infrastructure.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfile, checked without a Docker daemon (none runs here): <c>docker-compose config</c>
/// validates the file, the YAML is parsed by python3's PyYAML (./build.sh test installs both), and every setting the portal service passes must be one the
/// portal reads, so a renamed key breaks this test instead of a deployment.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void Compose_runs_the_portal_on_PostgreSQL_job_storage_with_an_SMTP_catcher()
    {
        var compose = ParseYaml(Path.Combine(Root, "docker-compose.yml"));
        var services = compose.GetProperty("services");
        // The default profile: one embedded portal, its job database and the SMTP catcher.
        Assert.Equal(["mailpit", "portal", "postgres"], services.EnumerateObject().Where(s => !s.Value.TryGetProperty("profiles", out _)).Select(s => s.Name).Order());
        Assert.False(services.GetProperty("portal").GetProperty("environment").TryGetProperty("Warehouse__Backend", out _));

        var portal = services.GetProperty("portal");
        Assert.Equal(".", portal.GetProperty("build").GetString());
        var env = portal.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());

        // Each key is the environment form (':' → '__') of a key the portal reads.
        Assert.Equal("PostgreSql", env[JobStorageFactory.StorageKey.Replace(":", "__")]);
        var connection = env[$"ConnectionStrings__{JobStorageFactory.ConnectionStringName}"].Replace("${POSTGRES_PASSWORD:-hangfire}", "hangfire");
        var pg = new NpgsqlConnectionStringBuilder(connection);
        Assert.Equal(("postgres", 5432), (pg.Host, pg.Port));
        Assert.Equal("/data", env[PortalPaths.DataDirKey]);
        foreach (var key in env.Keys.Where(k => k.StartsWith("Smtp__", StringComparison.Ordinal)))
            Assert.True(typeof(SmtpOptions).GetProperty(key["Smtp__".Length..]) is not null, $"{key} is not a property of SmtpOptions");
        Assert.Equal("mailpit", env["Smtp__Host"]);
        Assert.Equal("1025", env["Smtp__Port"]); // Mailpit's SMTP port
        Assert.Equal("service_healthy", portal.GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString());
        Assert.Contains("5080:8080", portal.GetProperty("ports").EnumerateArray().Select(p => p.GetString()));

        var postgres = services.GetProperty("postgres");
        Assert.StartsWith("postgres:", postgres.GetProperty("image").GetString());
        var pgEnv = postgres.GetProperty("environment");
        Assert.Equal((pg.Database, pg.Username, pg.Password),
            (pgEnv.GetProperty("POSTGRES_DB").GetString(), pgEnv.GetProperty("POSTGRES_USER").GetString(),
             pgEnv.GetProperty("POSTGRES_PASSWORD").GetString()!.Replace("${POSTGRES_PASSWORD:-hangfire}", "hangfire")));
        Assert.StartsWith("axllent/mailpit", services.GetProperty("mailpit").GetProperty("image").GetString());
    }

    [Fact]
    public void The_scale_profile_runs_two_Snowflake_replicas_behind_one_proxy_sharing_jobs_keys_and_artifacts()
    {
        var services = ParseYaml(Path.Combine(Root, "docker-compose.yml")).GetProperty("services");
        var scaled = services.EnumerateObject()
            .Where(s => s.Value.TryGetProperty("profiles", out var p) && p.EnumerateArray().Any(x => x.GetString() == "scale"))
            .ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(["portal-a", "portal-b", "proxy"], scaled.Keys.Order());

        var replicas = new[] { scaled["portal-a"], scaled["portal-b"] };
        var envs = replicas.Select(r => r.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())).ToList();
        foreach (var env in envs)
        {
            Assert.Equal("Snowflake", env[WarehouseBackendChoice.BackendKey.Replace(":", "__")]);
            Assert.Equal("PostgreSql", env[JobStorageFactory.StorageKey.Replace(":", "__")]);
            // PostgreSQL jobs put the Data Protection key ring in that database: one ring for both replicas.
            var config = new ConfigurationBuilder().AddInMemoryCollection(env.ToDictionary(p => p.Key.Replace("__", ":"), p => (string?)p.Value)).Build();
            Assert.Equal(SettingsSetup.KeyStoreKind.PostgreSql, SettingsSetup.KeyStore(config).Kind);
            Assert.Equal("/snowflake/connections.toml", env["Snowflake__ConnectionsFile"]);
            Assert.Equal("/artifacts", env["Registry__ArtifactDirectory"]);
            // Only nginx is published: the replicas read the client's address from X-Forwarded-For (sign-in limits).
            Assert.Equal("true", env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
            Assert.Equal("service_healthy", scaled["portal-a"].GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString());
        }
        Assert.Equal(envs[0], envs[1]);
        var volumes = replicas.Select(r => r.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()!).ToList()).ToList();
        Assert.All(volumes, v => Assert.Contains("artifacts:/artifacts", v));
        Assert.All(volumes, v => Assert.Contains(v, m => m.EndsWith(":/snowflake:ro", StringComparison.Ordinal)));
        Assert.NotEqual(volumes[0].Single(v => v.EndsWith(":/data", StringComparison.Ordinal)), volumes[1].Single(v => v.EndsWith(":/data", StringComparison.Ordinal)));

        var proxy = scaled["proxy"];
        Assert.StartsWith("nginx", proxy.GetProperty("image").GetString());
        var mount = proxy.GetProperty("volumes").EnumerateArray().Single().GetString()!;
        var nginx = File.ReadAllText(Path.Combine(Root, mount.Split(':')[0]));
        Assert.Contains("server portal-a:8080;", nginx);
        Assert.Contains("server portal-b:8080;", nginx);
        Assert.Contains("ip_hash;", nginx); // a Blazor circuit stays on one replica
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx);

        var resolved = RunCompose(["--profile", "scale", "config"], ("MLOPS_ADMIN_PASSWORD", "change-me"), ("SNOWFLAKE_HOME", "/home/me/.snowflake"));
        Assert.True(resolved.ExitCode == 0, $"docker-compose --profile scale config refused the file: {resolved.Stderr}");
        Assert.Contains("/home/me/.snowflake:/snowflake:ro", resolved.Stdout);
    }

    [Fact]
    public void The_Dockerfile_builds_with_the_SDK_and_runs_the_Web_assembly_on_the_runtime_with_libgomp()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile")).Select(l => l.Trim()).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0]);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", stages[1]);
        var runtime = string.Join('\n', lines.SkipWhile(l => l != stages[1]));
        Assert.Contains("libgomp1", runtime);
        Assert.Contains("COPY --from=build /app", runtime);
        Assert.Contains("""ENTRYPOINT ["dotnet", "MlopsPortal.Web.dll"]""", runtime);
        // Every path the build copies exists in the repository.
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
                Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"Dockerfile copies {source}, which is not in the repository");
        }
    }

    [Fact]
    public void Docker_compose_config_validates_the_file_and_requires_the_first_admin_password()
    {
        var valid = RunCompose(("MLOPS_ADMIN_PASSWORD", "pick-a-long-one-42"));
        Assert.True(valid.ExitCode == 0, $"docker-compose config refused docker-compose.yml: {valid.Stderr}");
        // The resolved file: the password reached the portal, the default PostgreSQL password filled both sides.
        Assert.Contains("MLOPS_ADMIN_PASSWORD: pick-a-long-one-42", valid.Stdout);
        Assert.Contains("Password=hangfire", valid.Stdout);

        var missing = RunCompose(("MLOPS_ADMIN_PASSWORD", null));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("set MLOPS_ADMIN_PASSWORD for the first admin", missing.Stderr);
    }

    /// <summary><c>docker-compose config</c> (Debian's docker-compose; ./build.sh test installs it; no Docker daemon needed).</summary>
    private static (int ExitCode, string Stdout, string Stderr) RunCompose(params (string Name, string? Value)[] environment) =>
        RunCompose(["config"], environment);

    private static (int ExitCode, string Stdout, string Stderr) RunCompose(string[] arguments, params (string Name, string? Value)[] environment)
    {
        var psi = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        psi.ArgumentList.Add("-f");
        psi.ArgumentList.Add(Path.Combine(Root, "docker-compose.yml"));
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("docker-compose is not installed: apt-get install docker-compose (./build.sh test does).");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr);
        }
    }

    private static JsonElement ParseYaml(string path)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import json, sys\ntry:\n    import yaml\nexcept ImportError:\n    sys.exit(3)\njson.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)");
        psi.ArgumentList.Add(path);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 is not installed; ./build.sh test installs it with python3-yaml to parse docker-compose.yml.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEnd();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 3)
                Assert.Skip("python3 has no yaml module: apt-get install python3-yaml (./build.sh test does).");
            Assert.True(process.ExitCode == 0, $"docker-compose.yml is not valid YAML: {stderr}");
            return JsonDocument.Parse(stdout).RootElement.Clone();
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("MlopsPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
