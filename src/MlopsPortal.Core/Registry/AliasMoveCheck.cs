namespace MlopsPortal.Core.Registry;

/// <summary>
/// What moving <see cref="Alias"/> from <see cref="From"/> to <see cref="To"/> would change for the alias's consumers:
/// the input-signature differences and the alias-bound scoring schedules (and whether each could still run).
/// </summary>
public sealed record AliasMoveCheck(string Model, string Alias, string? From, string To, SignatureChange Changes, IReadOnlyList<AliasBindingImpact> Bindings)
{
    /// <summary>True when the move changes inputs or breaks a binding: then it needs an explicit confirmation.</summary>
    public bool NeedsConfirmation => Changes.Any || Bindings.Any(b => b.Breaks);

    public IReadOnlyList<string> Breaking => Bindings.Where(b => b.Breaks).Select(b => $"{b.Kind} {b.Name}: {b.Detail}").ToList();

    public string Describe()
    {
        var parts = new List<string> { $"Moving {Alias} of {Model} from {From} to {To} changes what its consumers get" };
        parts.AddRange(Changes.Lines());
        if (Breaking.Count > 0) parts.Add("would break: " + string.Join("; ", Breaking));
        return string.Join("; ", parts) + ". Confirm the move to go ahead.";
    }
}

/// <summary>A consumer bound to an alias (a scoring schedule), and whether it can run with the new version.</summary>
public sealed record AliasBindingImpact(string Kind, string Name, string Source, bool Breaks, string Detail);

/// <summary>Finds what is bound to an alias and checks it against a version (scoring schedules; implemented by Infrastructure).</summary>
public interface IAliasBindingCheck
{
    Task<IReadOnlyList<AliasBindingImpact>> CheckAsync(string model, string aliasName, ModelVersion target, CancellationToken ct);
}

/// <summary>An alias move that changes the input signature was not confirmed. The API answers 409 with <see cref="Check"/>.</summary>
public sealed class AliasMoveUnconfirmedException(AliasMoveCheck check) : Exception(check.Describe())
{
    public AliasMoveCheck Check { get; } = check;
}
