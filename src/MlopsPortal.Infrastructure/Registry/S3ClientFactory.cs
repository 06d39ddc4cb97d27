using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Builds an S3 client from <see cref="S3Options"/>: configured keys, or the standard credential chain.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3Options options)
    {
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
