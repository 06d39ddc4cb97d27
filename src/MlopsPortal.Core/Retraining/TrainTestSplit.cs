namespace MlopsPortal.Core.Retraining;

/// <summary>
/// A reproducible train/test split of row indices: a seeded shuffle (System.Random with a seed is stable across
/// .NET versions), then the first round(ratio·n) rows of the shuffle are the test split — within each class when
/// stratified, so both splits keep the label's class shares.
/// </summary>
public static class TrainTestSplit
{
    public static (int[] Train, int[] Test) Split(IReadOnlyList<bool> labels, double testRatio, int seed, bool stratified)
    {
        if (!(testRatio > 0 && testRatio < 1))
            throw new ArgumentException($"The test ratio must be between 0 and 1, exclusive (got {testRatio}).");
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        var groups = stratified
            ? [Enumerable.Range(0, labels.Count).Where(i => !labels[i]).ToArray(), Enumerable.Range(0, labels.Count).Where(i => labels[i]).ToArray()]
            : new[] { Enumerable.Range(0, labels.Count).ToArray() };
        foreach (var group in groups)
        {
            random.Shuffle(group);
            var testCount = (int)Math.Round(group.Length * testRatio, MidpointRounding.AwayFromZero);
            test.AddRange(group.Take(testCount));
            train.AddRange(group.Skip(testCount));
        }
        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }
}
