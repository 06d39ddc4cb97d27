using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlopsPortal.Infrastructure.Explaining;

public static class ExplainingSetup
{
    public static IHostApplicationBuilder AddExplaining(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VersionExplainer>();
        return builder;
    }
}
