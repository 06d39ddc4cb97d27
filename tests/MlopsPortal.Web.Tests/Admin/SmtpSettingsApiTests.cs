using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Admin;

/// <summary>SMTP settings through the API: Admin only, the password is accepted but never answered back.</summary>
public sealed class SmtpSettingsApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_an_admin_reads_and_saves_them_and_the_password_never_comes_back()
    {
        var admin = await portal.AdminClientAsync();
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        var body = new { host = "smtp.example.com", port = 2525, from = "alerts@example.com", userName = "mailer", password = "Top-Secret-99", useSsl = true };

        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.PutAsJsonAsync("/api/admin/smtp", body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync("/api/admin/smtp", Ct)).StatusCode);
        var bad = await admin.PutAsJsonAsync("/api/admin/smtp", body with { from = "nobody" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("nobody", await bad.Content.ReadAsStringAsync(Ct));

        var saved = await admin.PutAsJsonAsync("/api/admin/smtp", body, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var text = await admin.GetStringAsync("/api/admin/smtp", Ct);
        Assert.DoesNotContain("Top-Secret-99", text);
        var view = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal("smtp.example.com", view.GetProperty("host").GetString());
        Assert.Equal(2525, view.GetProperty("port").GetInt32());
        Assert.True(view.GetProperty("hasPassword").GetBoolean());
        Assert.True(view.GetProperty("enteredInPortal").GetBoolean());
        var logs = Directory.EnumerateFiles(portal.DataDirectory, "*.log", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.All(logs, log => Assert.DoesNotContain("Top-Secret-99", log));
    }
}
