using MlopsPortal.Core.Common;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>An <c>s3://bucket/key</c> location.</summary>
public sealed record S3Uri(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    public static bool IsS3(string location) => location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase);

    public static S3Uri Parse(string location)
    {
        var rest = IsS3(location) ? location[Scheme.Length..] : "";
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            throw new PortalValidationException($"'{location}' is not an S3 URI of the form s3://bucket/key.");
        return new S3Uri(rest[..slash], rest[(slash + 1)..]);
    }

    public override string ToString() => $"{Scheme}{Bucket}/{Key}";
}
