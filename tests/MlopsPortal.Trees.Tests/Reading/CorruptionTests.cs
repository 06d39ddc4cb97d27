using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Trees.Tests.Reading;

public sealed class CorruptionTests
{
    [Theory]
    [InlineData("base_score.json")]
    [InlineData("base_score.ubj")]
    [InlineData("base_score.bin")]
    [InlineData("categorical.ubj")]
    [InlineData("dart.bin")]
    [InlineData("categorical.tar.gz")]
    [InlineData("nan_heavy.json")]
    public void Damaged_bytes_load_or_fail_with_a_model_format_error_never_a_crash(string file)
    {
        var original = File.ReadAllBytes(Golden.PathOf(file));
        var rng = new Random(file.Length * 7919);
        for (int trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])original.Clone();
            int flips = 1 + rng.Next(4);
            for (int k = 0; k < flips; k++)
            {
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            }

            try
            {
                var model = ModelLoader.Load(bytes);
                _ = new Trees.Prediction.Predictor(model, 1).PredictMargins(new float[model.NumFeatures * 2]);
            }
            catch (ModelFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }
}
