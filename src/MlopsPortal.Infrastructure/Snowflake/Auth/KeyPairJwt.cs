using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MlopsPortal.Infrastructure.Snowflake.Auth;

/// <summary>
/// Key-pair authentication for the SQL API: an RS256 JWT whose claims name the account, the user and the
/// public key's fingerprint (reference/snowflake.md §6). Tokens are cached and renewed before they expire.
/// The key and the tokens are never logged and never appear in <see cref="ToString"/>.
/// </summary>
public sealed class KeyPairJwt : IDisposable
{
    /// <summary>Snowflake accepts at most one hour; renew well before that.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(59);

    private readonly RSA _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeSpan _renewBefore;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _expires;

    public KeyPairJwt(string account, string user, RSA privateKey, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        _key = privateKey ?? throw new ArgumentNullException(nameof(privateKey));
        _lifetime = lifetime ?? DefaultLifetime;
        if (_lifetime <= TimeSpan.Zero || _lifetime > TimeSpan.FromHours(1))
            throw new ArgumentOutOfRangeException(nameof(lifetime), "A Snowflake key-pair JWT lives between 1 second and 1 hour.");
        _renewBefore = TimeSpan.FromTicks(Math.Min(_lifetime.Ticks / 4, TimeSpan.FromMinutes(5).Ticks));
        _time = time ?? TimeProvider.System;
        Account = AccountForClaims(account);
        User = user.Trim().ToUpperInvariant();
        Fingerprint = PublicKeyFingerprint(_key);
    }

    public string Account { get; }
    public string User { get; }

    /// <summary><c>SHA256:</c> + base64 of the SHA-256 of the DER SubjectPublicKeyInfo; equals DESC USER's RSA_PUBLIC_KEY_FP.</summary>
    public string Fingerprint { get; }

    public string Issuer => $"{Account}.{User}.{Fingerprint}";
    public string Subject => $"{Account}.{User}";

    /// <summary>The current token; a new one when the cached one is within the renewal margin of its expiry.</summary>
    public string Token
    {
        get
        {
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_token is null || now >= _expires - _renewBefore)
                    (_token, _expires) = Issue(now);
                return _token;
            }
        }
    }

    /// <summary>Drops the cached token (after a 401) so the next call signs a fresh one.</summary>
    public void Invalidate()
    {
        lock (_gate)
            _token = null;
    }

    /// <summary>
    /// Loads a PKCS#8 private key from PEM: "ENCRYPTED PRIVATE KEY" needs the passphrase,
    /// "PRIVATE KEY" (and PKCS#1 "RSA PRIVATE KEY") does not.
    /// </summary>
    public static RSA LoadPrivateKey(string pem, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var rsa = RSA.Create();
        try
        {
            if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(passphrase))
                    throw new SnowflakeConfigurationException(
                        "The private key is encrypted but no passphrase was given (private_key_file_pwd).");
                rsa.ImportFromEncryptedPem(pem, passphrase);
            }
            else if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
                rsa.ImportFromPem(pem);
            else
                throw new SnowflakeConfigurationException("The private key file holds no PEM private key (expected a PKCS#8 '-----BEGIN PRIVATE KEY-----').");
            return rsa;
        }
        catch (CryptographicException e)
        {
            rsa.Dispose();
            // the message of the BCL never contains the key or the passphrase
            throw new SnowflakeConfigurationException($"Cannot read the private key: {e.Message} (wrong passphrase or not an RSA PKCS#8 key).", e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public static string PublicKeyFingerprint(RSA key) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    /// <summary>
    /// The account as the claims spell it: cut at the first '.' (for '.global' identifiers at the first '-'),
    /// then uppercase; the org-account form <c>myorg-myacct</c> keeps its hyphen.
    /// </summary>
    public static string AccountForClaims(string account)
    {
        var a = account.Trim();
        if (a.Contains(".global", StringComparison.OrdinalIgnoreCase))
        {
            var dash = a.IndexOf('-');
            if (dash > 0)
                a = a[..dash];
        }
        var dot = a.IndexOf('.');
        if (dot > 0)
            a = a[..dot];
        return a.ToUpperInvariant();
    }

    public override string ToString() => $"KeyPairJwt({Subject}, {Fingerprint})";

    public void Dispose() => _key.Dispose();

    private (string Token, DateTimeOffset Expires) Issue(DateTimeOffset now)
    {
        var iat = now.ToUnixTimeSeconds();
        var exp = iat + (long)_lifetime.TotalSeconds;
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = Subject,
            ["iat"] = iat,
            ["exp"] = exp,
        }));
        var signingInput = header + "." + payload;
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return (signingInput + "." + Base64Url(signature), DateTimeOffset.FromUnixTimeSeconds(exp));
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Adapts <see cref="KeyPairJwt"/> to the SQL API client's token source.</summary>
public sealed class KeyPairTokenSource(KeyPairJwt jwt) : SqlApi.ISnowflakeTokenSource
{
    public string TokenType => "KEYPAIR_JWT";
    public string GetToken() => jwt.Token;
    public void Invalidate() => jwt.Invalidate();
}
