using System.Collections;
using System.Text;
using Dapper;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>
/// Turns the portal's <c>$name</c> placeholders into the SQL API's positional <c>?</c> bindings, in order of appearance
/// (a name used twice is bound twice). Several ';'-separated statements are sent as one multi-statement request. String literals, quoted identifiers, <c>$$…$$</c> strings and comments are left
/// alone, and so are <c>$1</c>-style positional stage columns and a '$' inside a name.
/// </summary>
public static class SnowflakeParameters
{
    public static SnowflakeStatement Rewrite(string sql, object? parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var values = Enumerate(parameters);
        var bindings = new List<SnowflakeBinding>();
        var text = new StringBuilder(sql.Length);
        var i = 0;
        var statements = 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ';' && sql.AsSpan(i + 1).Trim().Length > 0)
            {
                statements++;
                text.Append(c);
                i++;
            }
            else if (c == '\'' || c == '"')
                i = CopyQuoted(sql, i, c, text);
            else if (c == '$' && i + 1 < sql.Length && sql[i + 1] == '$')
                i = CopyUntil(sql, i, "$$", 2, text);
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
                i = CopyUntil(sql, i, "\n", 2, text);
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                i = CopyUntil(sql, i, "*/", 2, text);
            // A '$' inside a name (SYSTEM$SEND_EMAIL, VIEW$V1) is part of it, not a placeholder.
            else if (c == '$' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_') && (i == 0 || !IsNameChar(sql[i - 1])))
            {
                var end = i + 1;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
                    end++;
                var name = sql[(i + 1)..end];
                if (!values.TryGetValue(name, out var value))
                    throw new ArgumentException($"The statement uses the parameter ${name} but no value named '{name}' was given.");
                bindings.Add(SnowflakeBinding.From(value));
                text.Append('?');
                i = end;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        // The exact count of the portal's own statements (user text is bound or inside a literal, which the scan skips),
        // sent as MULTI_STATEMENT_COUNT: Snowflake refuses the request if it reads a different number, never "any" (0).
        return new SnowflakeStatement(text.ToString(), bindings) { StatementCount = statements };
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    private static int CopyQuoted(string sql, int start, char quote, StringBuilder text)
    {
        text.Append(quote);
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            text.Append(c);
            i++;
            if (quote == '\'' && c == '\\' && i < sql.Length)
            {
                text.Append(sql[i]);
                i++;
            }
            else if (c == quote)
            {
                if (i < sql.Length && sql[i] == quote)
                {
                    text.Append(quote);
                    i++;
                }
                else
                    return i;
            }
        }
        return i;
    }

    private static int CopyUntil(string sql, int start, string terminator, int skip, StringBuilder text)
    {
        var end = sql.IndexOf(terminator, start + skip, StringComparison.Ordinal);
        end = end < 0 ? sql.Length : end + terminator.Length;
        text.Append(sql, start, end - start);
        return end;
    }

    internal static Dictionary<string, object?> Enumerate(object? parameters)
    {
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (parameters)
        {
            case null:
                break;
            case DynamicParameters dp:
                foreach (var name in dp.ParameterNames)
                    values[name] = dp.Get<object?>(name);
                break;
            case IDictionary<string, object?> dict:
                foreach (var kv in dict)
                    values[kv.Key] = kv.Value;
                break;
            case IDictionary legacy:
                foreach (DictionaryEntry e in legacy)
                    values[e.Key.ToString()!] = e.Value;
                break;
            default:
                foreach (var p in parameters.GetType().GetProperties())
                    if (p.CanRead && p.GetIndexParameters().Length == 0)
                        values[p.Name] = p.GetValue(parameters);
                break;
        }
        return values;
    }
}
