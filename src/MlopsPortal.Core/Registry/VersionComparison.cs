using System.Globalization;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Core.Registry;

/// <summary>What an evaluation was computed on: the same table, label, filter and threshold make evaluations comparable.</summary>
public sealed record EvaluationBasis(string Table, string Label, IReadOnlyList<FilterCondition> Filter, double Threshold)
{
    public bool SameAs(EvaluationBasis other) =>
        string.Equals(Table, other.Table, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Label, other.Label, StringComparison.OrdinalIgnoreCase)
        && Threshold.Equals(other.Threshold)
        && Filter.Count == other.Filter.Count
        && Filter.Zip(other.Filter).All(p => string.Equals(p.First.Column, p.Second.Column, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.First.Op.Trim(), p.Second.Op.Trim(), StringComparison.OrdinalIgnoreCase) && p.First.Value == p.Second.Value);

    /// <summary>"INFERENCEMORTGAGEDATA where WEEK &lt;= 5, label MORTGAGERESPONSE, threshold 0.5".</summary>
    public string Describe() =>
        Table + (Filter.Count == 0 ? "" : " where " + string.Join(" and ", Filter.Select(f => $"{f.Column} {f.Op} {f.Value}".TrimEnd())))
        + string.Create(CultureInfo.InvariantCulture, $", label {Label}, threshold {Threshold}");
}

/// <summary>One stored evaluation of a version (docs/metrics.md "Evaluations"): its basis, when, by whom, its metrics.</summary>
public sealed record StoredEvaluation(string Version, EvaluationBasis Basis, long Rows, DateTime At, string By, JsonObject Metrics);

/// <summary>One metric across the compared versions: values and deltas against the first version, both rounded.</summary>
public sealed record ComparedMetric(string Name, IReadOnlyList<double?> Values, IReadOnlyList<double?> Deltas);

/// <summary>Two or more versions evaluated on the same rows, side by side (the first version is the reference of the deltas).</summary>
public sealed record VersionComparison(string Model, EvaluationBasis Basis, string Description, IReadOnlyList<StoredEvaluation> Evaluations, IReadOnlyList<ComparedMetric> Metrics)
{
    public IReadOnlyList<string> Versions => Evaluations.Select(e => e.Version).ToList();
}

/// <summary>
/// Pure rules of the compare view: the evaluations a version carries (in its metrics, under <see cref="Key"/>), the
/// latest basis the versions share, the side-by-side table with deltas, and the rounding of what is shown.
/// </summary>
public static class VersionComparisons
{
    /// <summary>The metrics key under which a version keeps its evaluations (newest last).</summary>
    public const string Key = "evaluations";

    /// <summary>Evaluations kept per version; older ones are dropped.</summary>
    public const int Kept = 20;

    /// <summary>Decimals shown and served for ratios and losses: 4 (0.7793, not 0.7792571829011914).</summary>
    public const int Decimals = 4;

    /// <summary>The metrics compared, in this order; any other numeric metric of the evaluations follows.</summary>
    public static readonly IReadOnlyList<string> Order =
        ["rows", "accuracy", "precision", "recall", "f1_score", "roc_auc", "log_loss", "true_negatives", "false_positives", "false_negatives", "true_positives"];

    public static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, Decimals, MidpointRounding.AwayFromZero) : null;

    /// <summary>The compared metrics that are counts (printed without decimals).</summary>
    public static readonly IReadOnlySet<string> Counts =
        new HashSet<string>(["rows", "true_negatives", "false_positives", "false_negatives", "true_positives"], StringComparer.Ordinal);

    /// <summary>A value as the compare view prints it: counts as integers, other values with 4 decimals (0.7793).</summary>
    public static string Format(string metric, double? value) => value switch
    {
        null => "—",
        { } v when Counts.Contains(metric) => v.ToString("#,0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    /// <summary>A delta with its sign (+0.0123, −0.0500, 0 when equal).</summary>
    public static string FormatDelta(string metric, double? delta) => delta switch
    {
        null => "—",
        0 => "0",
        > 0 => "+" + Format(metric, delta),
        _ => "−" + Format(metric, -delta),
    };

    /// <summary>Appends <paramref name="evaluation"/> to the version's metrics (a copy), keeping the newest <see cref="Kept"/>.</summary>
    public static JsonObject WithEvaluation(JsonObject metrics, StoredEvaluation evaluation)
    {
        var copy = (JsonObject)metrics.DeepClone();
        var list = copy[Key] as JsonArray ?? [];
        copy.Remove(Key);
        list.Add(ToJson(evaluation));
        while (list.Count > Kept) list.RemoveAt(0);
        copy[Key] = list;
        return copy;
    }

    /// <summary>The evaluations stored on a version, oldest first (entries that do not parse are skipped).</summary>
    public static IReadOnlyList<StoredEvaluation> Read(ModelVersion version) =>
        version.Metrics[Key] is JsonArray list ? list.OfType<JsonObject>().Select(o => FromJson(version.Name, o)).OfType<StoredEvaluation>().ToList() : [];

    /// <summary>The newest evaluation of each version on the newest basis they all share, or null when they share none.</summary>
    public static IReadOnlyList<StoredEvaluation>? LatestShared(IReadOnlyList<ModelVersion> versions)
    {
        var all = versions.Select(Read).ToList();
        if (all.Count == 0 || all.Any(e => e.Count == 0)) return null;
        foreach (var candidate in all.SelectMany(e => e).OrderByDescending(e => e.At))
        {
            var picked = all.Select(list => list.LastOrDefault(e => e.Basis.SameAs(candidate.Basis))).ToList();
            if (picked.All(p => p is not null)) return picked!;
        }
        return null;
    }

    /// <summary>Side by side: each metric's values (rounded) and deltas against the first version (computed, then rounded).</summary>
    public static VersionComparison Compare(string model, IReadOnlyList<StoredEvaluation> evaluations)
    {
        if (evaluations.Count == 0) throw new ArgumentException("Nothing to compare.", nameof(evaluations));
        var values = evaluations.Select(Numbers).ToList();
        var names = Order.Where(n => values.Any(v => v.ContainsKey(n)))
            .Concat(values.SelectMany(v => v.Keys).Where(n => !Order.Contains(n)).Distinct().Order(StringComparer.Ordinal)).ToList();
        var metrics = names.Select(name =>
        {
            var raw = values.Select(v => v.TryGetValue(name, out var x) ? x : (double?)null).ToList();
            var deltas = raw.Select((v, i) => i == 0 || v is null || raw[0] is null ? (double?)null : Round(v - raw[0])).ToList();
            return new ComparedMetric(name, raw.Select(Round).ToList(), deltas);
        }).ToList();
        return new VersionComparison(model, evaluations[0].Basis, evaluations[0].Basis.Describe(), evaluations, metrics);
    }

    /// <summary>The numeric metrics of an evaluation, with the confusion matrix's cells named.</summary>
    private static Dictionary<string, double> Numbers(StoredEvaluation e)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal) { ["rows"] = e.Rows };
        foreach (var (name, node) in e.Metrics)
            if (Number(node) is { } d) result[name] = d;
        if (e.Metrics["confusion_matrix"] is JsonArray { Count: 2 } m && m[0] is JsonArray { Count: 2 } r0 && m[1] is JsonArray { Count: 2 } r1)
        {
            string[] cells = ["true_negatives", "false_positives", "false_negatives", "true_positives"];
            JsonNode?[] nodes = [r0[0], r0[1], r1[0], r1[1]];
            for (var i = 0; i < 4; i++)
                if (Number(nodes[i]) is { } d) result[cells[i]] = d;
        }
        return result;
    }

    /// <summary>A JSON number as a double, whether parsed from text or built in memory from a long or an int.</summary>
    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<float>(out var f)) return f;
        return v.TryGetValue<decimal>(out var m) ? (double)m : null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject ToJson(StoredEvaluation e) => new()
    {
        ["table"] = e.Basis.Table,
        ["label"] = e.Basis.Label,
        ["filter"] = new JsonArray(e.Basis.Filter.Select(f => (JsonNode)new JsonObject { ["column"] = f.Column, ["op"] = f.Op, ["value"] = f.Value }).ToArray()),
        ["threshold"] = e.Basis.Threshold,
        ["rows"] = e.Rows,
        ["at"] = e.At.ToString("O", CultureInfo.InvariantCulture),
        ["by"] = e.By,
        ["metrics"] = e.Metrics.DeepClone(),
    };

    private static StoredEvaluation? FromJson(string version, JsonObject o)
    {
        var filter = new List<FilterCondition>();
        foreach (var f in (o["filter"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(f["column"]) is not { } column || Text(f["op"]) is not { } op) return null;
            filter.Add(new FilterCondition(column, op, Text(f["value"]) ?? ""));
        }
        if (Text(o["table"]) is not { } table || Text(o["label"]) is not { } label || Number(o["threshold"]) is not { } threshold
            || Number(o["rows"]) is not { } rows || Text(o["at"]) is not { } atText
            || !DateTime.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            return null;
        return new StoredEvaluation(version, new EvaluationBasis(table, label, filter, threshold), (long)rows, at, Text(o["by"]) ?? "", o["metrics"] as JsonObject ?? []);
    }
}
