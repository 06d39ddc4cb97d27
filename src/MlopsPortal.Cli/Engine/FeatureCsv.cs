using System.Globalization;
using System.Text;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Cli.Engine;

/// <summary>
/// Reads an input CSV into the model's feature matrix: header required; columns matched to features by name (extra
/// columns ignored); by position when the model has no names. Empty cell = missing (NaN). Values are parsed as double
/// then cast to float32, as a pandas/numpy pipeline does; True/False are 1/0; categorical features take integer codes.
/// </summary>
public static class FeatureCsv
{
    public static float[] Read(string path, TreeEnsemble model, out int rows)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"input file '{path}' does not exist.");
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, model, path, out rows);
    }

    public static float[] Read(TextReader reader, TreeEnsemble model, string source, out int rows)
    {
        string? headerLine = reader.ReadLine();
        if (headerLine is null)
        {
            throw new InputException($"{source}: the file is empty; a header row is required.");
        }

        var header = SplitLine(headerLine.TrimStart('\uFEFF'), source, 1);
        int nf = model.NumFeatures;
        var map = MapColumns(header, model, source);
        var values = new List<float>();
        rows = 0;
        int lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = SplitLine(line, source, lineNo);
            if (cells.Count != header.Count)
            {
                throw new InputException($"{source} line {lineNo}: {cells.Count} cells, but the header has {header.Count} columns.");
            }

            for (int f = 0; f < nf; f++)
            {
                values.Add(ParseCell(cells[map[f]], source, lineNo, header[map[f]]));
            }

            rows++;
        }

        return values.ToArray();
    }

    private static int[] MapColumns(List<string> header, TreeEnsemble model, string source)
    {
        int nf = model.NumFeatures;
        var map = new int[nf];
        var names = model.FeatureNames ?? model.EffectiveFeatureNames;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i].Trim(), i);
        }

        var missing = new List<string>();
        for (int f = 0; f < nf; f++)
        {
            if (index.TryGetValue(names[f], out int col))
            {
                map[f] = col;
            }
            else
            {
                missing.Add(names[f]);
            }
        }

        if (missing.Count == 0)
        {
            return map;
        }

        if (model.FeatureNames is null)
        {
            // no names in the model (legacy binary, numpy training): match by position
            if (header.Count != nf)
            {
                throw new InputException(
                    $"{source}: the model has no feature names, so columns are matched by position; it needs {nf} columns but the file has {header.Count}.");
            }

            return Enumerable.Range(0, nf).ToArray();
        }

        throw new InputException(
            $"{source}: missing {missing.Count} of the model's {nf} feature column(s): "
            + string.Join(", ", missing.Take(10).Select(m => $"'{m}'")) + (missing.Count > 10 ? ", ..." : "") + ".");
    }

    private static float ParseCell(string cell, string source, int line, string column)
    {
        var s = cell.AsSpan().Trim();
        if (s.Length == 0 || s.Equals("NaN", StringComparison.OrdinalIgnoreCase) || s.Equals("NA", StringComparison.Ordinal)
            || s.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return float.NaN;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
        {
            return (float)d;
        }

        if (s.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return 1f;
        }

        if (s.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return 0f;
        }

        throw new InputException($"{source} line {line}, column '{column}': '{cell}' is not a number.");
    }

    /// <summary>RFC 4180 fields on one line (quoted fields may hold commas and doubled quotes).</summary>
    internal static List<string> SplitLine(string line, string source, int lineNo)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new InputException($"{source} line {lineNo}: unterminated quoted field.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i++]);
                }
            }

            cells.Add(sb.ToString().TrimEnd('\r'));
            if (i >= line.Length)
            {
                return cells;
            }

            if (line[i] != ',')
            {
                throw new InputException($"{source} line {lineNo}: unexpected character after a quoted field.");
            }

            i++;
        }
    }

    public static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    public static string Number(float v) =>
        float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
}
