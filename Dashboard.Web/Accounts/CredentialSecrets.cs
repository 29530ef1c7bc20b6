using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Accounts;

/// <summary>Secrets of credentials: 32 random bytes in base64url behind a prefix naming the kind; only their SHA-256 is stored.</summary>
public static class CredentialSecrets
{
    /// <summary>The prefix of a secret of <paramref name="kind"/>: <c>gpt_</c>, <c>gpd_</c>, <c>gpl_</c> or <c>gps_</c>.</summary>
    public static string PrefixOf(CredentialKind kind) => kind switch
    {
        CredentialKind.Token => "gpt_",
        CredentialKind.DisplayLink => "gpd_",
        CredentialKind.SignInLink => "gpl_",
        _ => "gps_",
    };

    /// <summary>A new secret of <paramref name="kind"/>.</summary>
    public static string New(CredentialKind kind) =>
        PrefixOf(kind) + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new credential id: short, random, and not a secret.</summary>
    public static string NewId() => "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>The SHA-256 of a secret, as lower-case hex: what the store keeps.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in fixed time, so that the time of a refusal says nothing about the stored hash.</summary>
    public static bool HashesEqual(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
