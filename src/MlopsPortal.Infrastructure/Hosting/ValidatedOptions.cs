using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MlopsPortal.Infrastructure.Hosting;

/// <summary>
/// The one way the portal reads a configuration section: bound to an options class whose data annotations are checked
/// when the host starts (<c>ValidateOnStart</c>), so a wrong value stops the start with the key named
/// (<c>Smtp:Port: The field Port must be between 1 and 65535.</c>) instead of failing later, in a job, or never.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Registers <typeparamref name="T"/> from <paramref name="section"/> (empty: the top-level keys, such as
    /// MLOPS_SEED_DEMO) and returns its checked values for setup code.
    /// </summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section) where T : class, new()
    {
        builder.Services.AddOptions<T>().Bind(Source(builder.Configuration, section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        return Read<T>(builder.Configuration, section);
    }

    /// <summary>The section's values, checked now (for code that runs before the host is built); throws naming each bad key.</summary>
    public static T Read<T>(IConfiguration configuration, string section) where T : class, new()
    {
        T value;
        try
        {
            value = Source(configuration, section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own refusal (e.g. "yes" for a bool) names the key and the value; keep it as the reason.
            throw new OptionsValidationException(section, typeof(T), [ex.Message]);
        }
        var problems = Problems(value, section);
        return problems.Count == 0 ? value : throw new OptionsValidationException(section, typeof(T), problems);
    }

    private static IConfiguration Source(IConfiguration configuration, string section) =>
        section.Length == 0 ? configuration : configuration.GetSection(section);

    /// <summary>"Section:Member: message" for each data annotation that does not hold.</summary>
    public static IReadOnlyList<string> Problems(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
    }

    private sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            Problems(options, section) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
