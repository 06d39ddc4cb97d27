using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Reading;
using MlopsPortal.Trees.Writing;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Reads artifacts with the tree engine; anything it cannot read becomes a 400 naming the file and the reason.</summary>
/// <remarks>Reads within <see cref="ModelReadLimits"/> (Registry:MaxDecompressedBytes, MaxTreeDepth, MaxModelNodes).</remarks>
public sealed class TreesArtifactReader(ModelReadLimits limits) : IModelArtifactReader
{
    public TreesArtifactReader()
        : this(ModelReadLimits.Default)
    {
    }

    public ArtifactInfo Read(byte[] artifact, string fileName)
    {
        var model = Load(artifact, fileName);
        var archive = IsArchive(artifact);
        var format = FormatName(model.SourceFormat);
        return new ArtifactInfo(archive ? $"sagemaker-tar.gz ({format})" : format, model.Objective.Name(), model.NumFeatures,
            model.FeatureNames, model.FeatureTypes, model.Trees.Count, archive);
    }

    public string ToXgboostJson(byte[] artifact, IReadOnlyList<string> featureNames)
    {
        var m = Load(artifact, "the artifact");
        var names = featureNames.Count == m.NumFeatures ? featureNames : m.FeatureNames;
        var named = new TreeEnsemble(m.Trees, m.NumFeatures, m.Objective, m.BaseScore, names, m.FeatureTypes, m.Attributes,
            m.SourceFormat, m.Booster, m.Margin0, m.ScalePosWeight, m.Version);
        return XgboostJsonWriter.ToJson(named);
    }

    private TreeEnsemble Load(byte[] artifact, string fileName)
    {
        try
        {
            return ModelLoader.Load(artifact, limits);
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException or InvalidDataException or NotSupportedException
                                       or FormatException or EndOfStreamException or IndexOutOfRangeException or OverflowException
                                       or InvalidOperationException or KeyNotFoundException or InvalidCastException or OutOfMemoryException)
        {
            throw new PortalValidationException($"{fileName} is not a model the portal can read: {e.Message}");
        }
    }

    private static bool IsArchive(byte[] b) =>
        (b.Length >= 2 && b[0] == 0x1F && b[1] == 0x8B) || (b.Length >= 262 && System.Text.Encoding.ASCII.GetString(b, 257, 5) == "ustar");

    private static string FormatName(ModelFormat format) => format switch
    {
        ModelFormat.Json => "xgboost-json",
        ModelFormat.UniversalBinaryJson => "xgboost-ubjson",
        ModelFormat.LegacyBinary or ModelFormat.LegacyBinaryPre10 => "xgboost-binary",
        _ => format.ToString().ToLowerInvariant(),
    };
}
