namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Registry settings, section <c>Registry</c>.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>Where original artifacts are kept; defaults to <c>&lt;data directory&gt;/artifacts</c>.</summary>
    public string? ArtifactDirectory { get; set; }

    /// <summary>When set, server-path imports must lie under one of these folders.</summary>
    public List<string> AllowedPathRoots { get; set; } = [];

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
