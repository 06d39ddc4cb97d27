namespace MlopsPortal.Core.Monitoring.OneHot;

/// <summary>Where a model feature's value comes from.</summary>
public enum FeatureSourceKind
{
    /// <summary>A table column of the same name: its value is used as is.</summary>
    Column,

    /// <summary>A dummy of a categorical column: 1 when the row's value equals <see cref="FeatureSource.Category"/>, else 0.</summary>
    OneHot,

    /// <summary>Nothing in the table matches the feature.</summary>
    Missing,
}

/// <summary>One model feature and its source in the warehouse table.</summary>
/// <param name="Feature">The model's feature name.</param>
/// <param name="Kind">How the value is obtained.</param>
/// <param name="Column">The table column read (null when <see cref="FeatureSourceKind.Missing"/>).</param>
/// <param name="Category">For <see cref="FeatureSourceKind.OneHot"/>: the category the dummy stands for.</param>
/// <param name="CategorySeen">For one-hot: whether the category occurs among the column's distinct values (otherwise the dummy is always 0).</param>
public sealed record FeatureSource(string Feature, FeatureSourceKind Kind, string? Column, string? Category = null, bool CategorySeen = false);
