using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// Turns a recipe into warehouse SQL, step by step. Each step is a SELECT over the previous one, so a preview is
/// the step's SELECT with a LIMIT and the run is one CREATE OR REPLACE TABLE over the last step. Identifiers go
/// through <see cref="ISqlDialect.Quote"/>; values (map keys, characters, one-hot levels, the fill value) are bound.
/// </summary>
public static class RecipeCompiler
{
    /// <summary>The cleaning step alone: needed first, because the one-hot levels are the distinct cleaned values.</summary>
    public static CleanedRelation Clean(RetrainingRecipe recipe, IReadOnlyList<ColumnInfo> sourceColumns, ISqlDialect dialect)
    {
        RecipeValidator.Validate(recipe);
        if (sourceColumns.Count == 0)
            throw new PortalValidationException($"Source table {recipe.SourceTable} has no columns (does it exist?).");
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        string Bind(object? value)
        {
            var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[name] = value;
            return dialect.Parameter(name);
        }

        var columns = CleanColumns(recipe, sourceColumns, dialect, Bind);

        var select = "SELECT " + string.Join(", ", columns.Select(c => c.Expr == dialect.Quote(c.Name) ? c.Expr : $"{c.Expr} AS {dialect.Quote(c.Name)}"))
            + " FROM " + dialect.Quote(recipe.SourceTable);
        var outColumns = columns.Select(c => new ColumnInfo(c.Name, c.Type, dialect.TypeName(c.Type))).ToList();

        foreach (var oh in recipe.OneHotColumns)
        {
            var col = outColumns.FirstOrDefault(c => string.Equals(c.Name, oh, StringComparison.OrdinalIgnoreCase))
                ?? throw new PortalValidationException($"One-hot column {oh} is not in source table {recipe.SourceTable}.");
            if (col.Type != WarehouseType.Text)
                throw new PortalValidationException($"One-hot column {col.Name} is {col.Type} after cleaning; one-hot encoding applies to text columns.");
        }

        return new CleanedRelation(select, outColumns, parameters);
    }

    /// <summary>The distinct non-null cleaned values of one column (its one-hot levels).</summary>
    public static SqlText LevelsQuery(CleanedRelation cleaned, string column, ISqlDialect dialect)
    {
        var q = dialect.Quote(column);
        return SqlText.Using($"SELECT DISTINCT {q} AS {dialect.Quote("LEVEL")} FROM ({cleaned.Sql}) AS {dialect.Quote("CLEANED")} WHERE {q} IS NOT NULL", cleaned.Parameters);
    }

    /// <summary>Every step's SELECT and the output table's statement, given the one-hot levels found in the cleaned data.</summary>
    public static RecipePlan Compile(RetrainingRecipe recipe, IReadOnlyList<ColumnInfo> sourceColumns, IReadOnlyDictionary<string, IReadOnlyList<string>> levels, ISqlDialect dialect)
    {
        var cleaned = Clean(recipe, sourceColumns, dialect);
        var parameters = new Dictionary<string, object?>(cleaned.Parameters, StringComparer.Ordinal);
        string Bind(object? value)
        {
            var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters[name] = value;
            return dialect.Parameter(name);
        }

        var columns = cleaned.Columns.ToList();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in columns)
            names[c.Name] = c.Name;
        var dummies = new List<string>();
        foreach (var oh in recipe.OneHotColumns)
        {
            var col = columns.First(c => string.Equals(c.Name, oh, StringComparison.OrdinalIgnoreCase)).Name;
            var values = levels.FirstOrDefault(kv => string.Equals(kv.Key, col, StringComparison.OrdinalIgnoreCase)).Value ?? [];
            foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var dummy = OneHotNames.For(col, value);
                if (!names.TryAdd(dummy, $"'{value}' of {col}"))
                    throw new PortalValidationException($"One-hot column {dummy} for '{value}' of {col} collides with {names[dummy]}; add a cleaning rule so the values differ in letters or digits.");
                dummies.Add($"CASE WHEN {dialect.Quote(col)} = {Bind(value)} THEN 1 ELSE 0 END AS {dialect.Quote(dummy)}");
                columns.Add(new ColumnInfo(dummy, WarehouseType.Integer, dialect.TypeName(WarehouseType.Integer), Nullable: false));
            }
        }

        var oneHot = dummies.Count == 0
            ? cleaned.Sql
            : $"SELECT {dialect.Quote("CLEANED")}.*, {string.Join(", ", dummies)} FROM ({cleaned.Sql}) AS {dialect.Quote("CLEANED")}";

        var fill = recipe.FillNumericNulls ? Bind(recipe.FillValue) : null;
        var filled = "SELECT " + string.Join(", ", columns.Select(c =>
                fill is not null && c.Nullable && IsNumeric(c.Type) ? $"COALESCE({dialect.Quote(c.Name)}, CAST({fill} AS {dialect.TypeName(c.Type)})) AS {dialect.Quote(c.Name)}" : dialect.Quote(c.Name)))
            + $" FROM ({oneHot}) AS {dialect.Quote("ENCODED")}";

        var steps = new Dictionary<RecipeStep, SqlText>
        {
            [RecipeStep.Source] = new($"SELECT * FROM {dialect.Quote(recipe.SourceTable)}", new Dictionary<string, object?>()),
            [RecipeStep.Clean] = SqlText.Using(cleaned.Sql, parameters),
            [RecipeStep.OneHot] = SqlText.Using(oneHot, parameters),
            [RecipeStep.FillNulls] = SqlText.Using(filled, parameters),
        };
        var create = SqlText.Using($"CREATE OR REPLACE TABLE {dialect.Quote(recipe.OutputTable)} AS {filled}", parameters);
        var outputColumns = columns.Select(c => recipe.FillNumericNulls && IsNumeric(c.Type) ? c with { Nullable = false } : c).ToList();
        return new RecipePlan(steps, create, outputColumns);
    }

    /// <summary>
    /// The cleaning rules as one SQL expression per source column (rules on one column compose in order; columns without
    /// rules stay as they are), with the column's type after the rules. <paramref name="bind"/> turns a value into SQL: a
    /// bound parameter for recipe runs, a literal where the expression is inlined (scoring a version that carries a recipe).
    /// </summary>
    public static List<CleanedColumn> CleanColumns(RetrainingRecipe recipe, IReadOnlyList<ColumnInfo> sourceColumns, ISqlDialect dialect, Func<object?, string> bind)
    {
        var columns = sourceColumns.Select(c => new CleanedColumn(c.Name, dialect.Quote(c.Name), c.Type)).ToList();
        foreach (var rule in recipe.Rules)
        {
            var index = columns.FindIndex(c => string.Equals(c.Name, rule.Column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
                throw new PortalValidationException($"Rule on {rule.Column}: source table {recipe.SourceTable} has no column {rule.Column} (it has {string.Join(", ", sourceColumns.Select(c => c.Name))}).");
            var (name, expr, type) = columns[index];
            if (rule.Kind != RuleKind.Cast && type != WarehouseType.Text)
                throw new PortalValidationException($"Rule on {name}: {rule.Kind} works on text, but {name} is {type} at that point; cast it to text first or drop the rule.");
            columns[index] = rule.Kind switch
            {
                RuleKind.ValueMap => new(name,
                    "CASE " + expr + string.Concat(rule.Map!.Select(kv => $" WHEN {bind(kv.Key)} THEN {bind(kv.Value)}")) + $" ELSE {expr} END",
                    WarehouseType.Text),
                RuleKind.Replace => new(name, rule.Characters!.Aggregate(expr, (e, ch) => $"REPLACE({e}, {bind(ch)}, {bind(rule.Replacement)})"), WarehouseType.Text),
                RuleKind.Remove => new(name, rule.Characters!.Aggregate(expr, (e, ch) => $"REPLACE({e}, {bind(ch)}, {bind("")})"), WarehouseType.Text),
                // TRY_CAST reads text; a number is cast plainly (Snowflake's TRY_CAST refuses a numeric argument).
                RuleKind.Cast => new(name,
                    type == WarehouseType.Text
                        ? $"TRY_CAST({expr} AS {dialect.TypeName(ToWarehouse(rule.CastTo!.Value))})"
                        : $"CAST({expr} AS {dialect.TypeName(ToWarehouse(rule.CastTo!.Value))})",
                    ToWarehouse(rule.CastTo!.Value)),
                _ => throw new PortalValidationException($"Rule on {name}: unknown rule kind {rule.Kind}."),
            };
        }

        return columns;
    }

    public static bool IsNumeric(WarehouseType type) => type is WarehouseType.Integer or WarehouseType.Double or WarehouseType.Decimal;

    private static WarehouseType ToWarehouse(CastType cast) => cast == CastType.Integer ? WarehouseType.Integer : WarehouseType.Double;
}

/// <summary>One column after the cleaning rules: its SQL expression over the source table and its type.</summary>
public sealed record CleanedColumn(string Name, string Expr, WarehouseType Type);

/// <summary>The cleaned relation: its SELECT, its columns with their types after the rules, the bound values.</summary>
public sealed record CleanedRelation(string Sql, IReadOnlyList<ColumnInfo> Columns, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>A compiled recipe: one SELECT per step (for previews) and the statement that writes the output table.</summary>
public sealed record RecipePlan(IReadOnlyDictionary<RecipeStep, SqlText> Steps, SqlText CreateOutput, IReadOnlyList<ColumnInfo> OutputColumns);
