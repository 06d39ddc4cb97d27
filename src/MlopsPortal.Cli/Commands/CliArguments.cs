using System.Globalization;

namespace MlopsPortal.Cli.Commands;

/// <summary>
/// A small parser: positional words and <c>--name value</c> / <c>--name=value</c> options; <c>--flag</c> alone for
/// known flags. Unknown options are usage errors.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string>? flags = null)
    {
        flags ??= [];
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a[2..];
                string? value = null;
                int eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }

                if (flags.Contains(name))
                {
                    _options[name] = value ?? "true";
                    continue;
                }

                if (!valueOptions.Contains(name))
                {
                    throw new UsageException($"unknown option '--{name}'.");
                }

                if (value is null)
                {
                    if (i + 1 >= list.Count)
                    {
                        throw new UsageException($"option '--{name}' needs a value.");
                    }

                    value = list[++i];
                }

                _options[name] = value;
            }
            else
            {
                Positional.Add(a);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public bool Flag(string name) => _options.ContainsKey(name);

    public string RequiredOption(string name) => Option(name) ?? throw new UsageException($"missing required option '--{name}'.");

    public int IntOption(string name, int defaultValue, int min = 1)
    {
        string? s = Option(name);
        if (s is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
        {
            throw new UsageException($"option '--{name}' must be an integer ≥ {min}, got '{s}'.");
        }

        return v;
    }

    public string Positional1(string what)
    {
        if (Positional.Count == 0)
        {
            throw new UsageException($"missing {what}.");
        }

        if (Positional.Count > 1)
        {
            throw new UsageException($"unexpected argument '{Positional[1]}'.");
        }

        return Positional[0];
    }
}
