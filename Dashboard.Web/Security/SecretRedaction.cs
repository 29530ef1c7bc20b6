using System.Text.RegularExpressions;

namespace Dashboard.Web.Security;

/// <summary>
/// Hides secrets in text bound for the logs: tokens, display links, sign-in links and sessions (<c>gpt_</c>, <c>gpd_</c>,
/// <c>gpl_</c>, <c>gps_</c> followed by base64url) wherever they appear, such as in a logged address, and the value of any
/// <c>access_token</c> query parameter, where SignalR's JavaScript client puts the bearer token.
/// </summary>
public static partial class SecretRedaction
{
    /// <summary>What stands in for a hidden secret.</summary>
    public const string Mask = "***";

    /// <summary>The text with every secret replaced by its prefix and <see cref="Mask"/>.</summary>
    public static string Redact(string text) => Secret().Replace(text, match => match.Groups["prefix"].Value + Mask);

    /// <summary>True when <paramref name="text"/> holds something <see cref="Redact"/> would hide.</summary>
    public static bool HasSecret(string text) => Secret().IsMatch(text);

    [GeneratedRegex(@"(?<prefix>\bgp[tdls]_)[A-Za-z0-9_-]+|(?<prefix>access_token=)[^&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Secret();
}
