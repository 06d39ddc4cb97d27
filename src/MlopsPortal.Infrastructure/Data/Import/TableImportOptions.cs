namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>
/// Bounds of one table import (API body or browser upload): the bytes received, and for gzip the bytes it inflates to
/// (a small .gz can expand without end). Parquet files are written to <see cref="TempDirectory"/> while DuckDB reads them.
/// </summary>
public sealed record TableImportOptions(string TempDirectory)
{
    public const string MaxBytesKey = "Import:MaxUploadBytes";
    public const string MaxDecompressedBytesKey = "Import:MaxDecompressedBytes";
    public const long DefaultMaxBytes = 10L << 30;
    public const long DefaultMaxDecompressedBytes = 40L << 30;

    public long MaxBytes { get; init; } = DefaultMaxBytes;
    public long MaxDecompressedBytes { get; init; } = DefaultMaxDecompressedBytes;

    /// <summary>The defaults, with Parquet uploads staged in the system's temporary directory (tests, tools).</summary>
    public static TableImportOptions InTempDirectory { get; } = new(Path.Combine(Path.GetTempPath(), "mlops-imports"));

    public static TableImportOptions From(ImportSettings settings, string dataDirectory) =>
        new(Path.Combine(dataDirectory, "imports"))
        {
            MaxBytes = settings.MaxUploadBytes,
            MaxDecompressedBytes = settings.MaxDecompressedBytes,
        };

    public static string Describe(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : $"{bytes:N0} bytes";
}
