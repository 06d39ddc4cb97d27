using System.Globalization;

namespace MlopsPortal.Trees.Reading;

/// <summary>Typed access to the parsed JSON/UBJSON value tree, with errors that name the missing field.</summary>
internal static class DocumentValues
{
    public static Dictionary<string, object?> Obj(object? v, string what) =>
        v as Dictionary<string, object?> ?? throw new ModelFormatException($"Expected an object for '{what}'.");

    public static object? Get(Dictionary<string, object?> o, string key, string where) =>
        o.TryGetValue(key, out var v) ? v : throw new ModelFormatException($"The model has no '{key}' in '{where}'.");

    public static object? TryGet(Dictionary<string, object?> o, string key) => o.TryGetValue(key, out var v) ? v : null;

    public static string Str(object? v, string what) => v switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        _ => throw new ModelFormatException($"Expected a string for '{what}'."),
    };

    public static long Int(object? v, string what) => v switch
    {
        long l => l,
        float f when f == MathF.Floor(f) => (long)f,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l) => l,
        _ => throw new ModelFormatException($"Expected an integer for '{what}'."),
    };

    public static float[] Floats(object? v, string what)
    {
        switch (v)
        {
            case float[] a: return a;
            case List<object?> list:
                var r = new float[list.Count];
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] = list[i] switch
                    {
                        float f => f,
                        long l => l,
                        _ => throw new ModelFormatException($"Expected numbers in '{what}'."),
                    };
                }

                return r;
            default: throw new ModelFormatException($"Expected an array of numbers for '{what}'.");
        }
    }

    public static int[] Ints(object? v, string what)
    {
        switch (v)
        {
            case int[] a: return a;
            case long[] la: return la.Select(x => checked((int)x)).ToArray();
            case byte[] ba: return ba.Select(x => (int)x).ToArray();
            case List<object?> list:
                var r = new int[list.Count];
                for (int i = 0; i < r.Length; i++)
                {
                    r[i] = checked((int)Int(list[i], what));
                }

                return r;
            default: throw new ModelFormatException($"Expected an array of integers for '{what}'.");
        }
    }

    /// <summary>default_left as 0/1 (≥1.6), true/false (≤1.5) or a typed byte array.</summary>
    public static bool[] Bools(object? v, string what)
    {
        switch (v)
        {
            case byte[] ba: return ba.Select(x => x != 0).ToArray();
            case int[] ia: return ia.Select(x => x != 0).ToArray();
            case List<object?> list:
                return list.Select(x => x switch
                {
                    bool b => b,
                    long l => l != 0,
                    float f => f != 0,
                    _ => throw new ModelFormatException($"Expected booleans in '{what}'."),
                }).ToArray();
            default: throw new ModelFormatException($"Expected an array of booleans for '{what}'.");
        }
    }

    public static List<object?> List(object? v, string what) => v switch
    {
        List<object?> l => l,
        float[] a => a.Select(x => (object?)x).ToList(),
        int[] a => a.Select(x => (object?)(long)x).ToList(),
        long[] a => a.Select(x => (object?)x).ToList(),
        byte[] a => a.Select(x => (object?)(long)x).ToList(),
        _ => throw new ModelFormatException($"Expected an array for '{what}'."),
    };
}
