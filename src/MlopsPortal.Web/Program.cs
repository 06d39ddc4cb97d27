using MlopsPortal.Infrastructure;
using MlopsPortal.Web.Auth;
using MlopsPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddPortalLogging();
builder.AddPortalInfrastructure();
builder.AddPortalAuth();
builder.AddPortalWeb();

var app = builder.Build();

app.UsePortal();

app.Run();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
