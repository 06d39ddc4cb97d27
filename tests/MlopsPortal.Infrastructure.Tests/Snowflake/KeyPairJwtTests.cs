using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.Auth;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

public sealed class KeyPairJwtTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData("rsa_key.p8", null, "rsa_key.fp")]
    [InlineData("rsa_key_encrypted.p8", SnowflakeTestKit.Passphrase, "rsa_key_encrypted.fp")]
    public void The_fingerprint_equals_the_one_openssl_computes_as_Snowflake_documents(string key, string? pass, string fp)
    {
        using var rsa = KeyPairJwt.LoadPrivateKey(File.ReadAllText(SnowflakeTestKit.KeyPath(key)), pass);
        Assert.Equal(File.ReadAllText(SnowflakeTestKit.KeyPath(fp)).Trim(), KeyPairJwt.PublicKeyFingerprint(rsa));
    }

    [Theory]
    [InlineData("xy12345.us-east-2.aws", "XY12345")]
    [InlineData("myorg-myacct", "MYORG-MYACCT")]
    [InlineData("xy12345", "XY12345")]
    [InlineData("xy12345-abc.global", "XY12345")]
    public void The_account_in_the_claims_is_cut_and_uppercased(string account, string expected) =>
        Assert.Equal(expected, KeyPairJwt.AccountForClaims(account));

    [Fact]
    public void Claims_are_iss_sub_iat_exp_and_the_signature_verifies()
    {
        using var rsa = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.PlainPem, null);
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var jwt = new KeyPairJwt("xy12345.us-east-2.aws", "svc_portal", rsa, time: clock);

        var parts = jwt.Token.Split('.');
        var claims = JsonDocument.Parse(FromB64(parts[1])).RootElement;
        var fp = File.ReadAllText(SnowflakeTestKit.KeyPath("rsa_key.fp")).Trim();

        Assert.Equal($"XY12345.SVC_PORTAL.{fp}", claims.GetProperty("iss").GetString());
        Assert.Equal("XY12345.SVC_PORTAL", claims.GetProperty("sub").GetString());
        Assert.Equal(clock.Now.ToUnixTimeSeconds(), claims.GetProperty("iat").GetInt64());
        Assert.Equal(clock.Now.ToUnixTimeSeconds() + 59 * 60, claims.GetProperty("exp").GetInt64());
        Assert.True(SnowflakeTestKit.PublicKeyOf(rsa).VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromB64(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void The_token_is_reused_then_renewed_before_it_expires()
    {
        using var rsa = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.PlainPem, null);
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var jwt = new KeyPairJwt("a", "u", rsa, TimeSpan.FromMinutes(20), clock);

        var first = jwt.Token;
        clock.Now = clock.Now.AddMinutes(14);
        Assert.Same(first, jwt.Token);          // 6 minutes left > 5-minute margin
        clock.Now = clock.Now.AddMinutes(2);
        var second = jwt.Token;                 // 4 minutes left: renewed
        Assert.NotEqual(first, second);
        jwt.Invalidate();
        Assert.NotSame(second, jwt.Token);
    }

    [Fact]
    public void Lifetimes_over_one_hour_are_refused()
    {
        using var rsa = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.PlainPem, null);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyPairJwt("a", "u", rsa, TimeSpan.FromMinutes(61)));
    }

    [Fact]
    public void An_encrypted_key_without_or_with_a_wrong_passphrase_is_a_clear_error_that_does_not_echo_it()
    {
        var none = Assert.Throws<SnowflakeConfigurationException>(() => KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, null));
        Assert.Contains("passphrase", none.Message);
        var wrong = Assert.Throws<SnowflakeConfigurationException>(() => KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.EncryptedPem, "not-the-pass-xyz"));
        Assert.DoesNotContain("not-the-pass-xyz", wrong.ToString());
        Assert.Throws<SnowflakeConfigurationException>(() => KeyPairJwt.LoadPrivateKey("hello", null));
    }

    private static byte[] FromB64(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }
}
