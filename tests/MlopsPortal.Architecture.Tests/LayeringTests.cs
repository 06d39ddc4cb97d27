using System.Reflection;
using NetArchTest.Rules;

namespace MlopsPortal.Architecture.Tests;

/// <summary>The layering of docs/architecture.md, held on the compiled assemblies so that a change cannot quietly break it.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Core = typeof(MlopsPortal.Core.Warehouse.IWarehouse).Assembly;
    private static readonly Assembly Trees = typeof(MlopsPortal.Trees.Model.TreeEnsemble).Assembly;
    private static readonly Assembly Infrastructure = typeof(MlopsPortal.Infrastructure.Scoring.ScoringService).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;

    /// <summary>Libraries that reach a disk, a network or a database: adapters' business, not Core's.</summary>
    private static readonly string[] IoNamespaces =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo",
        "System.Net.Http", "System.Net.Sockets", "DuckDB", "Dapper", "Hangfire", "Amazon", "MailKit", "Npgsql",
        "Microsoft.AspNetCore", "Microsoft.ML",
    ];

    [Fact]
    public void Core_references_no_other_project_of_the_portal()
    {
        var referenced = Core.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(referenced, n => n!.StartsWith("MlopsPortal.", StringComparison.Ordinal));
    }

    [Fact]
    public void Trees_the_engine_stands_alone()
    {
        var referenced = Trees.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(referenced, n => n!.StartsWith("MlopsPortal.", StringComparison.Ordinal));
    }

    [Fact]
    public void Infrastructure_does_not_reach_up_into_the_web_or_the_cli()
    {
        var referenced = Infrastructure.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("MlopsPortal.Web", referenced);
        Assert.DoesNotContain("MlopsPortal.Cli", referenced);
    }

    [Fact]
    public void Core_does_no_io()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny(IoNamespaces).GetResult();
        Assert.True(result.IsSuccessful, "Core types doing IO: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Pages_and_components_write_no_sql()
    {
        var result = Types.InAssembly(Web).That().ResideInNamespace("MlopsPortal.Web.Components")
            .ShouldNot().HaveDependencyOnAny("Dapper", "DuckDB", "MlopsPortal.Core.Warehouse.ISqlDialect",
                "MlopsPortal.Infrastructure.Warehouse", "MlopsPortal.Infrastructure.Snowflake.SqlApi")
            .GetResult();
        Assert.True(result.IsSuccessful, "Components reaching the warehouse directly: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>
    /// The web (pages, endpoints, auth) calls the features' application services, which check roles and rules; a store
    /// or the warehouse itself injected into the web would skip both.
    /// </summary>
    [Fact]
    public void The_web_injects_no_store_and_no_warehouse()
    {
        var storage = Infrastructure.GetTypes().Concat(Core.GetTypes())
            .Where(t => t.IsPublic && (t.Name.EndsWith("Store", StringComparison.Ordinal) || t.Name.StartsWith("IWarehouse", StringComparison.Ordinal)))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.Contains("MlopsPortal.Core.Warehouse.IWarehouse", storage);
        var result = Types.InAssembly(Web).ShouldNot().HaveDependencyOnAny(storage).GetResult();
        Assert.True(result.IsSuccessful, "Web types using a store or the warehouse: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>Each feature's application services live in Infrastructure/&lt;Feature&gt;, its rules and records in Core/&lt;Feature&gt;.</summary>
    [Fact]
    public void Every_feature_has_its_folder_in_core_and_in_infrastructure()
    {
        string[] features = ["Registry", "Scoring", "Monitoring", "Alerts", "FeatureStore", "Retraining", "Explaining", "SnowflakeNative"];
        foreach (var feature in features)
        {
            Assert.Contains(Core.GetTypes(), t => t.Namespace == $"MlopsPortal.Core.{feature}");
            Assert.Contains(Infrastructure.GetTypes(), t => t.Namespace == $"MlopsPortal.Infrastructure.{feature}");
        }
    }

    /// <summary>The Snowflake adapter (SQL API, key-pair auth, dialect) serves every feature and knows none of them.</summary>
    [Fact]
    public void The_snowflake_adapter_does_not_depend_on_the_snowflake_native_feature()
    {
        var result = Types.InAssembly(Infrastructure).That().ResideInNamespaceMatching(@"^MlopsPortal\.Infrastructure\.Snowflake(\..+)?$")
            .ShouldNot().HaveDependencyOn("MlopsPortal.Infrastructure.SnowflakeNative").GetResult();
        Assert.True(result.IsSuccessful, "Adapter types depending on the native feature: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
