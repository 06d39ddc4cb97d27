extern alias cli;

using System.Net.Http.Json;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary><c>mlops models set-alias</c> against the real portal: a move to other inputs is refused naming them, <c>--confirm</c> moves.</summary>
public sealed class SetAliasCommandTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Model = "CLI_CONFIRM_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return Path.Combine(dir.FullName, "tests", "MlopsPortal.Trees.Tests", "Fixtures", name);
        throw new InvalidOperationException("MlopsPortal.sln not found");
    }

    private static MultipartFormDataContent Form(string fixture, string version, string? features = null)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(File.ReadAllBytes(Fixture(fixture))), "artifact", fixture },
            { new StringContent(version), "version" },
        };
        if (features is not null) form.Add(new StringContent(features), "features");
        return form;
    }

    [Fact]
    public async Task Set_alias_is_refused_naming_the_changed_inputs_and_moves_with_confirm()
    {
        var admin = await portal.AdminClientAsync();
        (await admin.PostAsync($"/api/models/{Model}/versions", Form("lab.json", "V1"), Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/models/{Model}/versions", Form("default.json", "V2", File.ReadLines(Fixture("default.input.csv")).First()), Ct)).EnsureSuccessStatusCode();
        string[] login = ["--user", PortalFactory.AdminUser, "--password", PortalFactory.AdminPassword];
        Task<int> Run(StringWriter o, StringWriter e, params string[] args) =>
            cli::MlopsPortal.Cli.CliApp.RunAsync([.. args, .. login], o, e, _ => portal.CreateClient(), Ct);

        var (out1, err1) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await Run(out1, err1, "models", "set-alias", Model, "PRODUCTION", "V1", "--reason", "first"));
        var (out2, err2) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await Run(out2, err2, "models", "set-alias", Model, "PRODUCTION", "V2", "--reason", "new model"));
        Assert.Contains("409", err2.ToString());
        Assert.Contains("f0 (number)", err2.ToString());
        var model = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{Model}", Ct);
        Assert.Equal("V1", model.GetProperty("aliases").GetProperty("PRODUCTION").GetString());

        var (out3, err3) = (new StringWriter(), new StringWriter());
        Assert.True(await Run(out3, err3, "models", "set-alias", Model, "PRODUCTION", "V2", "--reason", "new model", "--confirm") == 0, err3.ToString());
        model = await admin.GetFromJsonAsync<JsonElement>($"/api/models/{Model}", Ct);
        Assert.Equal("V2", model.GetProperty("aliases").GetProperty("PRODUCTION").GetString());
    }
}
