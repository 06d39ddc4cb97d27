using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Reading;

/// <summary>
/// Loads an XGBoost model from any of the formats XGBoost writes (JSON, UBJSON, legacy binary with or without
/// <c>binf</c>) or a SageMaker <c>model.tar.gz</c> holding <c>xgboost-model</c>. The format is detected from the content.
/// </summary>
public static class ModelLoader
{
    /// <summary>The largest artifact accepted (guards against reading a huge unrelated file).</summary>
    public const long MaxArtifactBytes = 2L * 1024 * 1024 * 1024 - 1;

    public static TreeEnsemble Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model artifact '{path}' does not exist.", path);
        }

        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static TreeEnsemble Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(ReadAll(stream));
    }

    public static TreeEnsemble Load(byte[] bytes) => Load(bytes, ModelReadLimits.Default);

    /// <summary>Loads within <paramref name="limits"/>: decompressed size, tree depth and node count (see <see cref="ModelReadLimits"/>).</summary>
    public static TreeEnsemble Load(byte[] bytes, ModelReadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);
        var format = Detect(bytes);
        try
        {
            return CheckShape(LoadDetected(bytes, format, limits), limits);
        }
        catch (Exception ex) when (ex is OverflowException or IndexOutOfRangeException or ArgumentException or InvalidCastException
            or FormatException or KeyNotFoundException or InvalidDataException or EndOfStreamException or OutOfMemoryException
            or InvalidOperationException)
        {
            throw new ModelFormatException($"Corrupt model ({DescribeFormat(format)}): {ex.Message}", ex);
        }
    }

    private static string DescribeFormat(DetectedFormat f) => f switch
    {
        DetectedFormat.Json => "XGBoost JSON",
        DetectedFormat.Ubjson => "XGBoost UBJSON",
        DetectedFormat.LegacyBinary => "XGBoost legacy binary",
        DetectedFormat.LegacyBinaryPre10 => "XGBoost legacy binary before 1.0",
        _ => "archive",
    };

    /// <summary>Refuses models deeper or bigger than the limits, so every later tree walk stays bounded.</summary>
    private static TreeEnsemble CheckShape(TreeEnsemble model, ModelReadLimits limits)
    {
        long nodes = 0;
        for (var t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            if (tree.MaxDepth > limits.MaxTreeDepth)
            {
                throw new ModelFormatException($"Tree {t} is {tree.MaxDepth} levels deep; the limit is {limits.MaxTreeDepth} (Registry:MaxTreeDepth).");
            }

            nodes += tree.NodeCount;
            if (nodes > limits.MaxNodes)
            {
                throw new ModelFormatException($"The model has more than {limits.MaxNodes:N0} tree nodes (reached by tree {t} of {model.Trees.Count}); the limit is Registry:MaxModelNodes.");
            }
        }

        return model;
    }

    private static TreeEnsemble LoadDetected(byte[] bytes, DetectedFormat format, ModelReadLimits limits)
    {
        return format switch
        {
            DetectedFormat.Json => LoadJson(bytes),
            DetectedFormat.Ubjson => XgboostDocumentReader.Read(UbjsonModelReader.Parse(bytes), ModelFormat.UniversalBinaryJson),
            DetectedFormat.LegacyBinary or DetectedFormat.LegacyBinaryPre10 => LegacyBinaryReader.Read(bytes),
            DetectedFormat.Gzip => LoadFromArchive(Gunzip(bytes, limits.MaxDecompressedBytes), limits),
            DetectedFormat.Tar => LoadFromArchive(bytes, limits),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Names the artifact's format from its first bytes, or throws a <see cref="ModelFormatException"/> naming what was found.</summary>
    internal static DetectedFormat Detect(byte[] b)
    {
        if (b.Length == 0)
        {
            throw new ModelFormatException("The model artifact is empty.");
        }

        int i = 0;
        while (i < b.Length && b[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i < b.Length && b[i] == (byte)'{')
        {
            int j = i + 1;
            while (j < b.Length && b[j] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                j++;
            }

            if (j < b.Length && (b[j] == (byte)'"' || b[j] == (byte)'}'))
            {
                return DetectedFormat.Json;
            }

            if (j == b.Length)
            {
                throw new ModelFormatException("Truncated model: the file holds only '{'.");
            }

            return DetectedFormat.Ubjson;
        }

        if (b.Length >= 2 && b[0] == 0x80 && b[1] <= 5)
        {
            throw new ModelFormatException(
                $"The artifact is a Python pickle (protocol {b[1]}); pickles are not loaded (they can run code). "
                + "Save the booster with Booster.save_model (JSON, UBJSON or legacy binary) instead.");
        }

        if (b.Length >= 2 && b[0] == 0x1F && b[1] == 0x8B)
        {
            return DetectedFormat.Gzip;
        }

        if (b.Length >= 262 && Encoding.ASCII.GetString(b, 257, 5) == "ustar")
        {
            return DetectedFormat.Tar;
        }

        if (b.Length >= 4 && Encoding.ASCII.GetString(b, 0, 4) == "binf")
        {
            return DetectedFormat.LegacyBinary;
        }

        if (b.Length >= 4 && Encoding.ASCII.GetString(b, 0, 4) == "bs64")
        {
            throw new ModelFormatException("The artifact is a base64-encoded XGBoost model ('bs64'); decode it first.");
        }

        if (b.Length >= 2 && b[0] == (byte)'P' && b[1] == (byte)'K')
        {
            throw new ModelFormatException("The artifact is a ZIP archive; expected an XGBoost model or a SageMaker model.tar.gz.");
        }

        if (LooksLikePre10(b))
        {
            return DetectedFormat.LegacyBinaryPre10;
        }

        throw new ModelFormatException(
            $"Unrecognised model format (first bytes {Convert.ToHexString(b.AsSpan(0, Math.Min(8, b.Length)))}); "
            + "expected XGBoost JSON, UBJSON, legacy binary or a SageMaker model.tar.gz.");
    }

    private static bool LooksLikePre10(byte[] b)
    {
        // LearnerModelParam (136 B) then the objective string's u64 length and a known objective name.
        if (b.Length < 136 + 8 + 4)
        {
            return false;
        }

        ulong len = BitConverter.ToUInt64(b, 136);
        if (len == 0 || len > 64 || 144 + (long)len > b.Length)
        {
            return false;
        }

        string name = Encoding.ASCII.GetString(b, 144, (int)len);
        return name.Contains(':', StringComparison.Ordinal) && name.All(c => c is >= ' ' and < (char)127);
    }

    private static TreeEnsemble LoadJson(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelFormatException("Corrupt JSON model: the file is not valid UTF-8.", ex);
        }

        return XgboostDocumentReader.Read(JsonModelTokenizer.Parse(text), ModelFormat.Json);
    }

    private static byte[] Gunzip(byte[] bytes, long maxBytes)
    {
        try
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            return ReadAtMost(gz, maxBytes, "The gzip archive");
        }
        catch (InvalidDataException ex)
        {
            throw new ModelFormatException("Corrupt gzip archive: " + ex.Message, ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new ModelFormatException("Truncated gzip archive.", ex);
        }
    }

    /// <summary>SageMaker's model.tar.gz: the member named <c>xgboost-model</c> (or <c>xgboost-model-0</c> etc. from k-fold runs).</summary>
    private static TreeEnsemble LoadFromArchive(byte[] tarBytes, ModelReadLimits limits)
    {
        if (tarBytes.Length < 262 || Encoding.ASCII.GetString(tarBytes, 257, 5) != "ustar")
        {
            if (tarBytes.Length > 0 && tarBytes[0] is (byte)'{' or (byte)'b')
            {
                return Load(tarBytes, limits); // a gzipped model file rather than a tarball
            }
        }

        var names = new List<string>();
        byte[]? best = null;
        int bestRank = int.MaxValue;
        try
        {
            using var reader = new TarReader(new MemoryStream(tarBytes));
            TarEntry? entry;
            while ((entry = reader.GetNextEntry(copyData: true)) is not null)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                string name = Path.GetFileName(entry.Name.TrimEnd('/'));
                names.Add(entry.Name);
                int rank = name == "xgboost-model" ? 0
                    : name.StartsWith("xgboost-model", StringComparison.Ordinal) ? 1
                    : name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ubj", StringComparison.OrdinalIgnoreCase) ? 2
                    : int.MaxValue;
                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = ReadAtMost(entry.DataStream, limits.MaxDecompressedBytes, $"The archive member '{entry.Name}'");
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ModelFormatException("Corrupt or truncated tar archive: " + ex.Message, ex);
        }

        if (best is null)
        {
            throw new ModelFormatException(
                "The archive holds no model file 'xgboost-model' (SageMaker's name); it contains: "
                + (names.Count == 0 ? "nothing" : string.Join(", ", names.Take(20))) + ".");
        }

        return Load(best, limits);
    }

    /// <summary>
    /// Copies at most <paramref name="maxBytes"/> from a decompressing stream, failing as soon as there is more: a bomb
    /// is stopped after the limit, not after inflating in full.
    /// </summary>
    private static byte[] ReadAtMost(Stream s, long maxBytes, string what)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + read > maxBytes)
            {
                throw new ModelFormatException(
                    $"{what} inflates to more than {maxBytes:N0} bytes, the limit on decompressed size (Registry:MaxDecompressedBytes).");
            }

            ms.Write(buffer, 0, read);
        }

        return ms.ToArray();
    }

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        if (ms.Length > MaxArtifactBytes)
        {
            throw new ModelFormatException("The artifact is larger than 2 GiB.");
        }

        return ms.ToArray();
    }

    internal enum DetectedFormat
    {
        Json,
        Ubjson,
        LegacyBinary,
        LegacyBinaryPre10,
        Gzip,
        Tar,
    }
}
