using System.Globalization;
using System.Text;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Warehouse;

/// <summary>
/// The one place a text value becomes a SQL string literal, for the values that cannot be bound (a one-hot category
/// compiled into a CASE, a Snowflake DDL option). Quotes are doubled; where the warehouse reads '\' as an escape
/// (Snowflake) backslashes are doubled and control characters are written as escapes, so no value can end the
/// literal or change what it reads back as. NUL is refused: neither warehouse stores it in text.
/// </summary>
public static class SqlText
{
    public static string Literal(string value, bool backslashEscapes)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\0':
                    throw new PortalValidationException("A text value contains a NUL character, which a SQL text literal cannot hold.");
                case '\'':
                    text.Append("''");
                    break;
                case '\\' when backslashEscapes:
                    text.Append(@"\\");
                    break;
                case '\n' when backslashEscapes:
                    text.Append(@"\n");
                    break;
                case '\r' when backslashEscapes:
                    text.Append(@"\r");
                    break;
                case '\t' when backslashEscapes:
                    text.Append(@"\t");
                    break;
                case var control when backslashEscapes && char.IsControl(control) && control < '\u0100':
                    text.Append(@"\x").Append(((int)control).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
        return text.Append('\'').ToString();
    }
}
