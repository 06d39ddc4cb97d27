using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>
/// Section <c>Import</c>: how large one table import may be (API body or browser upload), and for gzip how much it may
/// inflate to (a small .gz can expand without end). See docs/api.md (POST /api/tables/{table}/csv).
/// </summary>
public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>Bytes one upload may carry, as sent (compressed for .csv.gz). Default 10 GiB.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "must be a positive number of bytes.")]
    public long MaxUploadBytes { get; set; } = TableImportOptions.DefaultMaxBytes;

    /// <summary>Bytes a gzip upload may inflate to. Default 40 GiB.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "must be a positive number of bytes.")]
    public long MaxDecompressedBytes { get; set; } = TableImportOptions.DefaultMaxDecompressedBytes;
}
