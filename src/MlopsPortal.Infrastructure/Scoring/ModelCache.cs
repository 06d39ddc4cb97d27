using System.Collections.Concurrent;
using MlopsPortal.Core.Registry;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>Parsed ensembles by artifact checksum: a schedule that scores every hour reads its model once.</summary>
public sealed class ModelCache(ModelReadLimits limits)
{
    private readonly ConcurrentDictionary<string, TreeEnsemble> _models = new();

    /// <summary>With the engine's default limits (tests); the portal passes Registry's configured ones, the same the import used.</summary>
    public ModelCache() : this(ModelReadLimits.Default)
    {
    }

    public async Task<TreeEnsemble> GetAsync(RegistryService registry, ModelVersion version, CancellationToken ct)
    {
        if (_models.TryGetValue(version.Source.Sha256, out var cached)) return cached;
        var (content, _) = await registry.OpenArtifactAsync(version.Model, version.Name, ct);
        await using (content)
        {
            var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, ct);
            var ensemble = ModelLoader.Load(buffer.ToArray(), limits);
            return _models.GetOrAdd(version.Source.Sha256, ensemble);
        }
    }
}
