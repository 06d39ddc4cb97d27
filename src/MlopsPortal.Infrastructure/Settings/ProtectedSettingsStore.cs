using Microsoft.AspNetCore.DataProtection;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Settings;

/// <summary>
/// Settings entered in the portal, by section. Secret values (passwords, secret keys) are encrypted with ASP.NET Data
/// Protection before they reach the warehouse, and decrypted only when a connection is made; they are never logged.
/// </summary>
public sealed class ProtectedSettingsStore(IWarehouse warehouse, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("MlopsPortal.Settings.v1");

    /// <summary>The section's values, secrets decrypted. Empty when nothing was entered.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(string section, CancellationToken ct = default)
    {
        var rows = await warehouse.QueryAsync<Row>("SELECT NAME, VALUE, PROTECTED FROM PORTAL_SETTINGS WHERE SECTION = $section", new { section }, ct);
        return rows.ToDictionary(r => r.NAME, r => r.PROTECTED ? _protector.Unprotect(r.VALUE) : r.VALUE, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Writes the given values in one transaction: a null value removes the setting; names in <paramref name="secrets"/> are encrypted.</summary>
    public Task SaveAsync(string section, IReadOnlyDictionary<string, string?> values, IReadOnlySet<string> secrets, string by, CancellationToken ct = default) =>
        warehouse.InTransactionAsync(async session =>
        {
            foreach (var (name, value) in values)
            {
                await session.ExecuteAsync("DELETE FROM PORTAL_SETTINGS WHERE SECTION = $section AND NAME = $name", new { section, name }, ct);
                if (value is null) continue;
                var secret = secrets.Contains(name);
                await session.ExecuteAsync(
                    "INSERT INTO PORTAL_SETTINGS (SECTION, NAME, VALUE, PROTECTED, UPDATED_BY, UPDATED_AT) VALUES ($section, $name, $value, $secret, $by, $at)",
                    new { section, name, value = secret ? _protector.Protect(value) : value, secret, by, at = DateTime.UtcNow }, ct);
            }
            return true;
        }, ct);

    private sealed class Row
    {
        public string NAME { get; set; } = "";
        public string VALUE { get; set; } = "";
        public bool PROTECTED { get; set; }
    }
}
