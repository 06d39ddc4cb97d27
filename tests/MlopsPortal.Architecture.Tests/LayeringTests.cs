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
}
