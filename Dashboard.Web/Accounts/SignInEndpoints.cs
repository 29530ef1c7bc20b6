using System.Globalization;
using System.Net.Mime;
using System.Security.Claims;
using Dashboard.Web.Apis;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Accounts;

/// <summary>
/// How browsers sign in: a password form (with an antiforgery token), a one-time sign-in link, or a wall's display
/// link; each ends in the cookie, whose credential (a session, or the display link itself) can be revoked.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>The sign-in page and form.</summary>
    public const string SignInPath = "/signin";

    /// <summary>How long a browser session stays signed in without use (sliding).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    /// <summary>How long a wall stays signed in by its display link without use (sliding); browsers keep a cookie at most 400 days.</summary>
    public static readonly TimeSpan DisplayLifetime = TimeSpan.FromDays(400);

    /// <summary>How long a session credential lives at most, however often it is used.</summary>
    public static readonly TimeSpan SessionCredentialLifetime = TimeSpan.FromDays(30);

    /// <summary>How long a one-time sign-in link stays valid.</summary>
    public static readonly TimeSpan SignInLinkLifetime = TimeSpan.FromHours(24);

    /// <summary>Maps <c>/signin</c> (POST), <c>/signin/link/{secret}</c>, <c>/signout</c>, <c>/display/{secret}</c>, <c>/api/antiforgery</c> and <c>/api/me</c>.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/antiforgery", GetAntiforgery).AllowAnonymous();
        app.MapGet("/api/me", GetMe).ProducesCallerProblems();
        app.MapPost(SignInPath, PostSignIn).AllowAnonymous().Accepts<SignInForm>(MediaTypeNames.Application.FormUrlEncoded).ProducesProblems(
            StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests);
        app.MapGet(SignInPath + "/link/{secret}", GetSignInLink).AllowAnonymous().Produces(StatusCodes.Status302Found);
        app.MapPost("/signout", PostSignOut).AllowAnonymous();
        app.MapGet(CredentialLinks.DisplayPrefix + "{secret}", GetDisplayLink).AllowAnonymous().Produces(StatusCodes.Status302Found);
        return app;
    }

    /// <summary>An antiforgery token for the sign-in form, to send in the <c>X-CSRF-TOKEN</c> header; its cookie comes with it.</summary>
    public static Ok<AntiforgeryAnswer> GetAntiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryAnswer(tokens.RequestToken ?? "", AccountsExtensions.AntiforgeryHeader));
    }

    /// <summary>Who the caller is, from their claims: any signed-in user may ask.</summary>
    public static Ok<SignedInUser> GetMe(ClaimsPrincipal user, AccessScope scope) =>
        TypedResults.Ok(new SignedInUser(scope.AccountId ?? "", user.Identity?.Name ?? "", scope.Role ?? "", scope.UnitId, scope.WorkerId));

    /// <summary>Signs in with the form fields <c>id</c> and <c>password</c>: 200 with where to go, 400 without a valid antiforgery token, 401 for a wrong password.</summary>
    public static async Task<Results<Ok<SignInAnswer>, ProblemHttpResult>> PostSignIn(
        HttpContext context, IAntiforgery antiforgery, AccountStore accounts, SignInLockout lockout, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType)
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "登录须以表单提交。");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "缺少有效的防伪令牌，请刷新页面后重试。");
        }

        var form = SignInForm.From(await context.Request.ReadFormAsync(cancellationToken));
        if (form.Id.Length == 0 || form.Password.Length == 0)
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "账号或密码不正确。");
        }

        // A locked account or address is refused before its password is looked at: the right one does not help.
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (lockout.LockedFor(form.Id, address) is { } locked)
        {
            return Locked(context, locked);
        }

        if (!await accounts.CheckPasswordAsync(form.Id, form.Password) || await accounts.FindAsync(form.Id) is not { } account)
        {
            lockout.Failed(form.Id, address);
            return lockout.LockedFor(form.Id, address) is { } nowLocked
                ? Locked(context, nowLocked)
                : Problems.Result(StatusCodes.Status401Unauthorized, "账号或密码不正确。");
        }

        lockout.Succeeded(form.Id);
        await SignInSessionAsync(context, accounts, account);
        return TypedResults.Ok(new SignInAnswer(LocalOrNull(form.ReturnUrl) ?? HomeOf(account)));
    }

    private static ProblemHttpResult Locked(HttpContext context, TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Result(
            StatusCodes.Status429TooManyRequests,
            $"密码错误次数过多，该账号已被暂时锁定，请 {minutes} 分钟后再试，或请管理员解锁。");
    }

    /// <summary>Takes a one-time sign-in link: signs in and goes to the account's home; a used, revoked or expired link goes to the sign-in page.</summary>
    public static async Task<RedirectHttpResult> GetSignInLink(string secret, HttpContext context, AccountStore accounts)
    {
        if (await accounts.ConsumeSignInLinkAsync(secret) is not { } account)
        {
            return TypedResults.Redirect(SignInPath + "?error=link");
        }

        await SignInSessionAsync(context, accounts, account);
        return TypedResults.Redirect(HomeOf(account));
    }

    /// <summary>Signs out: the session's credential is revoked, the cookie removed.</summary>
    public static async Task<NoContent> PostSignOut(HttpContext context, AccountStore accounts)
    {
        var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (result.Principal?.FindFirst(GridPulseClaims.Credential)?.Value is { } credentialId
            && result.Properties?.Items.TryGetValue(KindItem, out var kind) == true
            && kind == ApiJson.NameOf(CredentialKind.Session))
        {
            await accounts.RevokeAsync(credentialId);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    /// <summary>Opens a wall's display link: a persistent cookie carrying the link's credential, then the wall of its unit.</summary>
    public static async Task<RedirectHttpResult> GetDisplayLink(string secret, HttpContext context, AccountStore accounts, TimeProvider time)
    {
        if (await accounts.AuthenticateAsync(secret) is not { } found || found.Credential.Kind != CredentialKind.DisplayLink)
        {
            return TypedResults.Redirect(SignInPath + "?error=display");
        }

        var principal = AccountPrincipal.Create(found.Account, found.Credential.Id, CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties
        {
            IsPersistent = true,
            AllowRefresh = true,
            ExpiresUtc = time.GetUtcNow() + DisplayLifetime,
            Items = { [KindItem] = ApiJson.NameOf(CredentialKind.DisplayLink) },
        };
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        return TypedResults.Redirect(HomeOf(found.Account));
    }

    /// <summary>Where an account lands after signing in: the admin page, the worker's page, or the wall of the account's unit.</summary>
    public static string HomeOf(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Role switch
        {
            Roles.Admin => "/admin",
            Roles.Worker => "/report",
            _ => account.UnitId is { } unitId ? $"/wall/{Uri.EscapeDataString(unitId)}" : "/",
        };
    }

    private const string KindItem = "gridpulse.kind";

    private static async Task SignInSessionAsync(HttpContext context, AccountStore accounts, Account account)
    {
        var session = await accounts.IssueAsync(account.Id, CredentialKind.Session, lifetime: SessionCredentialLifetime);
        var principal = AccountPrincipal.Create(account, session.Credential.Id, CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { Items = { [KindItem] = ApiJson.NameOf(CredentialKind.Session) } };
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
    }

    // Only a path on this site: "//host" and "/\host" would leave it.
    private static string? LocalOrNull(string? url) =>
        url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : null;
}

/// <summary>An antiforgery token and the header to send it in.</summary>
public sealed record AntiforgeryAnswer(string Token, string HeaderName);

/// <summary>The signed-in caller, as <c>GET /api/me</c> answers.</summary>
public sealed record SignedInUser(string Id, string Name, string Role, string? UnitId, string? WorkerId);

/// <summary>Where the browser goes after signing in.</summary>
public sealed record SignInAnswer(string Location);

/// <summary>The sign-in form's fields (with the antiforgery token of <c>/api/antiforgery</c> in its header).</summary>
/// <param name="Id">The account id.</param>
/// <param name="Password">Its password.</param>
/// <param name="ReturnUrl">A local address to go to after signing in, instead of the account's home.</param>
public sealed record SignInForm(string Id, string Password, string? ReturnUrl)
{
    /// <summary>The fields of a posted form; a missing one is empty.</summary>
    public static SignInForm From(IFormCollection form) =>
        new(form["id"].ToString().Trim(), form["password"].ToString(), form["returnUrl"].ToString());
}
