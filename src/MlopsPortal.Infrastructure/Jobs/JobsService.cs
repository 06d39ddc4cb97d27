using MlopsPortal.Core.Common;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>What the Jobs page and the API do with runs: read them (any role) and cancel them (DataScientist and up).</summary>
public sealed class JobsService(IJobRunStore store, ICurrentUser currentUser)
{
    public async Task<IReadOnlyList<JobRun>> ListAsync(int limit = 200, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see jobs");
        return await store.ListAsync(limit, ct: ct);
    }

    public async Task<JobRun> GetAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see jobs");
        return await store.GetAsync(id, ct) ?? throw new PortalNotFoundException($"There is no job run {id}.");
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "cancel jobs");
        _ = await store.GetAsync(id, ct) ?? throw new PortalNotFoundException($"There is no job run {id}.");
        return await store.RequestCancelAsync(id, ct);
    }
}
