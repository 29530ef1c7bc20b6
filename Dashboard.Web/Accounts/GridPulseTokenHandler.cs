using System.Text.Encodings.Web;
using Dashboard.Web.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Accounts;

/// <summary>
/// The <c>Bearer</c> scheme: a token credential (<c>gpt_...</c>) or the configured admin token, from the
/// <c>Authorization: Bearer</c> header, or from the <c>access_token</c> query under <c>/hubs</c>, as the SignalR JavaScript
/// client sends it over WebSockets. Challenges and refusals answer problem documents.
/// </summary>
public sealed class GridPulseTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";
    private const string QueryName = "access_token";
    private const string HubsPath = "/hubs";

    /// <summary>Whether the request carries a bearer token this scheme reads.</summary>
    public static bool HasToken(HttpRequest request) => TokenOf(request) is not null;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (await accounts.AuthenticateAsync(token) is not { } found || found.Credential.Kind != CredentialKind.Token)
        {
            return AuthenticateResult.Fail("令牌无效、已撤销或已过期。");
        }

        var principal = AccountPrincipal.Create(found.Account, found.Credential.Id, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Result(StatusCodes.Status401Unauthorized, "需要有效的令牌或登录。").ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Result(StatusCodes.Status403Forbidden, "无权访问。").ExecuteAsync(Context);

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return header[Prefix.Length..].Trim() is { Length: > 0 } token ? token : null;
        }

        return request.Path.StartsWithSegments(HubsPath, StringComparison.OrdinalIgnoreCase)
            && request.Query[QueryName].ToString() is { Length: > 0 } queryToken
            ? queryToken
            : null;
    }
}
