using System.ComponentModel.DataAnnotations;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Registry settings, section <c>Registry</c>.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>Where original artifacts are kept; defaults to <c>&lt;data directory&gt;/artifacts</c>.</summary>
    public string? ArtifactDirectory { get; set; }

    /// <summary>
    /// Folders a server-path import (<c>path</c>) may read from; empty (the default) turns server-path imports off.
    /// Paths are resolved (symbolic links included) and must be regular files under one of them.
    /// </summary>
    public List<string> AllowedPathRoots { get; set; } = [];

    /// <summary>Bytes an archive (model.tar.gz) may inflate to; past it the import is refused (default 512 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = ModelReadLimits.Default.MaxDecompressedBytes;

    /// <summary>Deepest tree a model may hold (default 256).</summary>
    [Range(1, 100_000)]
    public int MaxTreeDepth { get; set; } = ModelReadLimits.Default.MaxTreeDepth;

    /// <summary>Tree nodes a model may hold in all (default 20 million).</summary>
    [Range(1, long.MaxValue)]
    public long MaxModelNodes { get; set; } = ModelReadLimits.Default.MaxNodes;

    public ModelReadLimits ReadLimits() => new(MaxDecompressedBytes, MaxTreeDepth, MaxModelNodes);

    public S3Options S3 { get; set; } = new();
}

/// <summary>S3 access, section <c>Registry:S3</c>. Without keys the standard AWS credential chain is used.</summary>
public sealed class S3Options
{
    /// <summary>An S3-compatible endpoint (e.g. a local s3rver); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string? Region { get; set; }

    public bool ForcePathStyle { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}
