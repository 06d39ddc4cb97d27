using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring.Schedules;

/// <summary>
/// Before an alias moves: the scoring schedules bound to it (they resolve the alias at every firing) and whether each
/// could still plan its run with the new version (source table, columns through the version's preprocessing, filter).
/// </summary>
public sealed class ScheduleAliasBindingCheck(ScoringScheduleStore schedules, IWarehouse warehouse) : IAliasBindingCheck
{
    public const string Kind = "scoring schedule";

    public async Task<IReadOnlyList<AliasBindingImpact>> CheckAsync(string model, string aliasName, ModelVersion target, CancellationToken ct)
    {
        var impacts = new List<AliasBindingImpact>();
        foreach (var s in await schedules.ListAsync(ct))
        {
            if (s.Spec.Version is not null || s.Spec.Alias is null
                || !string.Equals(s.Spec.Model, model, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(s.Spec.Alias, aliasName, StringComparison.OrdinalIgnoreCase))
                continue;
            try
            {
                await ScoringPlan.CreateAsync(warehouse, s.Spec, target, ct);
                impacts.Add(new AliasBindingImpact(Kind, s.Name, s.Spec.Source, false, $"scores {s.Spec.Source} with {target.Name} as before"));
            }
            catch (Exception e) when (e is PortalValidationException or PortalNotFoundException or InvalidIdentifierException)
            {
                impacts.Add(new AliasBindingImpact(Kind, s.Name, s.Spec.Source, true, e.Message));
            }
        }
        return impacts;
    }
}
