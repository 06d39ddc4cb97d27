using System.Text;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Sql;

/// <summary>
/// Compiles an ensemble into one SQL expression: a nested CASE per tree over quoted column names (NULL = missing →
/// the node's default direction), the leaves summed in DOUBLE from margin0, then XGBoost's sigmoid.
/// Float32 semantics without float32 arithmetic: XGBoost tests <c>(float)x &lt; thr</c>; for a double x that holds exactly
/// when x is below the midpoint between thr and the float just under it (ties to even decide ≤ or &lt;), so each split is
/// one exact DOUBLE comparison. This works for DOUBLE, REAL and integer columns and on Snowflake, which has no float32.
/// </summary>
public static class SqlCompiler
{
    /// <summary>The probability (for binary:logitraw: the raw margin, as XGBoost predicts).</summary>
    public static string CompileProbability(TreeEnsemble ensemble, SqlDialectKind dialect = SqlDialectKind.DuckDb, IReadOnlyList<string>? columns = null)
    {
        string margin = CompileMargin(ensemble, dialect, columns);
        if (ensemble.Objective == Objective.BinaryLogitRaw)
        {
            return margin;
        }

        var d = StandardDialect.For(dialect);
        return $"({d.DoubleLiteral(1)} / ({d.DoubleLiteral(1)} + EXP(LEAST(-({margin}), {d.DoubleLiteral(88.7)}))))";
    }

    /// <summary>The margin (log-odds): margin0 + Σ tree(x), summed in DOUBLE.</summary>
    public static string CompileMargin(TreeEnsemble ensemble, SqlDialectKind dialect = SqlDialectKind.DuckDb, IReadOnlyList<string>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var d = StandardDialect.For(dialect);
        var names = columns ?? ensemble.EffectiveFeatureNames;
        if (names.Count != ensemble.NumFeatures)
        {
            throw new ArgumentException($"{names.Count} column names were given for a model with {ensemble.NumFeatures} features.", nameof(columns));
        }

        var cols = names.Select(n => d.NumericColumn(d.QuoteIdentifier(n))).ToArray();
        var terms = ensemble.Trees.Select(tree =>
        {
            var sb = new StringBuilder();
            WriteNode(sb, tree, 0, cols, d);
            return sb.ToString();
        }).Prepend(d.DoubleLiteral(ensemble.Margin0)).ToArray();

        // A balanced sum: DuckDB binds a long left-deep chain of '+' in quadratic time.
        return BalancedSum(terms, 0, terms.Length);
    }

    private static string BalancedSum(string[] terms, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return terms[lo];
        }

        int mid = (lo + hi) / 2;
        return "(" + BalancedSum(terms, lo, mid) + "\n + " + BalancedSum(terms, mid, hi) + ")";
    }

    private static void WriteNode(StringBuilder sb, RegressionTree tree, int node, string[] cols, ISqlDialect d)
    {
        if (tree.IsLeaf(node))
        {
            sb.Append(d.DoubleLiteral(tree.SplitConditions[node]));
            return;
        }

        string x = cols[tree.SplitIndices[node]];
        bool dl = tree.DefaultLeft[node];
        sb.Append("CASE WHEN ");
        if (tree.SplitTypes[node] == 1)
        {
            // in the set → right; NULL → default direction
            string inSet = CategoryCondition(x, tree.Categories[node]!, d);
            sb.Append(dl ? $"({x} IS NOT NULL AND {inSet})" : $"({x} IS NULL OR {inSet})");
            sb.Append(" THEN ");
            WriteNode(sb, tree, tree.RightChildren[node], cols, d);
            sb.Append(" ELSE ");
            WriteNode(sb, tree, tree.LeftChildren[node], cols, d);
        }
        else
        {
            string lt = FloatLessThan(x, tree.SplitConditions[node], d);
            sb.Append(dl ? $"({x} IS NULL OR {lt})" : lt);
            sb.Append(" THEN ");
            WriteNode(sb, tree, tree.LeftChildren[node], cols, d);
            sb.Append(" ELSE ");
            WriteNode(sb, tree, tree.RightChildren[node], cols, d);
        }

        sb.Append(" END");
    }

    /// <summary>SQL for <c>(float)x &lt; bound</c> where x is a DOUBLE expression.</summary>
    internal static string FloatLessThan(string x, float bound, ISqlDialect d)
    {
        var (limit, inclusive) = LessThanLimit(bound);
        return $"{x} {(inclusive ? "<=" : "<")} {d.DoubleLiteral(limit)}";
    }

    /// <summary>
    /// (float)x &lt; b ⇔ x &lt; m (or x ≤ m), m the exact midpoint between b and the next float below it: a double at the
    /// midpoint rounds to the neighbour with an even significand, so it goes below b exactly when b's significand is odd.
    /// </summary>
    internal static (double Limit, bool Inclusive) LessThanLimit(float bound)
    {
        if (float.IsNaN(bound))
        {
            throw new ArgumentException("A split threshold is NaN.", nameof(bound));
        }

        if (float.IsNegativeInfinity(bound))
        {
            return (double.NegativeInfinity, false);
        }

        float below = MathF.BitDecrement(bound);
        if (float.IsPositiveInfinity(bound))
        {
            // (float)x < +inf ⇔ x below the overflow threshold, the midpoint of MaxValue and 2^128
            return ((double)float.MaxValue + Math.Pow(2, 103), false);
        }

        double mid = ((double)below + bound) / 2;
        bool boundIsOdd = (BitConverter.SingleToInt32Bits(bound) & 1) != 0;
        return (mid, boundIsOdd);
    }

    /// <summary>(int)(float)x is in the set, as runs of consecutive codes: [k, k2+1) on the float value.</summary>
    private static string CategoryCondition(string x, int[] sortedSet, ISqlDialect d)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < sortedSet.Length)
        {
            int lo = sortedSet[i];
            int hi = lo;
            while (i + 1 < sortedSet.Length && sortedSet[i + 1] == hi + 1)
            {
                i++;
                hi++;
            }

            i++;
            if (lo < 0 || hi >= 16777216)
            {
                continue; // XGBoost sends such values left
            }

            parts.Add($"(NOT ({FloatLessThan(x, lo, d)}) AND {FloatLessThan(x, hi + 1, d)})");
        }

        return parts.Count == 0 ? "FALSE" : "(" + string.Join(" OR ", parts) + ")";
    }
}
