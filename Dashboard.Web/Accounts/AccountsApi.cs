using System.Net.Mime;
using System.Security.Claims;
using System.Security.Cryptography;
using Dashboard.Web.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Accounts;

/// <summary>The administrators' API: accounts, their tokens and links, and revocation. Every answer is the admin's only.</summary>
public static class AccountsApi
{
    /// <summary>Maps <c>/api/accounts</c> and <c>/api/credentials</c>, for administrators only.</summary>
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/accounts").WithTags("Accounts").RequireAuthorization(AccountsExtensions.AdminPolicy)
            .ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        accounts.MapGet("", GetAccounts);
        accounts.MapPost("", PostAccount).Accepts<AccountRequest>(MediaTypeNames.Application.Json).ProducesBodyProblems()
            .ProducesProblems(StatusCodes.Status409Conflict);
        var account = accounts.MapGroup("/{id}").ProducesProblems(StatusCodes.Status404NotFound);
        account.MapGet("", GetAccount);
        // The label of a token or link is optional, and so is the body that carries it.
        account.MapPost("/tokens", PostToken).Accepts<LabelRequest>(isOptional: true, MediaTypeNames.Application.Json).ProducesBodyProblems();
        account.MapPost("/display-links", PostDisplayLink).Accepts<LabelRequest>(isOptional: true, MediaTypeNames.Application.Json).ProducesBodyProblems();
        account.MapPost("/sign-in-links", PostSignInLink).Accepts<LabelRequest>(isOptional: true, MediaTypeNames.Application.Json).ProducesBodyProblems();
        account.MapPost("/password", PostPassword).Accepts<PasswordRequest>(MediaTypeNames.Application.Json).ProducesBodyProblems();
        account.MapDelete("/lockout", DeleteLockout);
        var credentials = app.MapGroup("/api/credentials").WithTags("Accounts").RequireAuthorization(AccountsExtensions.AdminPolicy)
            .ProducesCallerProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        credentials.MapDelete("/{id}", DeleteCredential).ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Every account.</summary>
    public static async Task<Ok<IReadOnlyList<Account>>> GetAccounts(AccountStore store) => TypedResults.Ok(await store.ListAsync());

    /// <summary>Creates an account: 201; 400 for bad input; 409 when the id is taken. Without an id, a worker's is its worker id.</summary>
    public static async Task<Results<Created<Account>, ProblemHttpResult>> PostAccount(HttpRequest request, AccountStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AccountRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        var wanted = body.Value;
        var id = wanted.Id ?? wanted.WorkerId ?? $"{wanted.Role}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        try
        {
            var account = await store.CreateAsync(new NewAccount(id, wanted.Name ?? "", wanted.Role ?? "", wanted.UnitId, wanted.WorkerId, wanted.Password));
            return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Id)}", account);
        }
        catch (AccountException e)
        {
            return Refused(e);
        }
    }

    /// <summary>One account with its credentials (never their secrets); 404.</summary>
    public static async Task<Results<Ok<AccountDetail>, ProblemHttpResult>> GetAccount(string id, AccountStore store) =>
        await store.FindAsync(id) is { } account
            ? TypedResults.Ok(new AccountDetail(account, await store.CredentialsOfAsync(id)))
            : UnknownAccount(id);

    /// <summary>Issues a bearer token; the answer holds its secret, shown this once. Body optional: <c>{label}</c>.</summary>
    public static async Task<Results<Ok<IssuedToken>, ProblemHttpResult>> PostToken(string id, HttpRequest request, AccountStore store, CancellationToken cancellationToken)
    {
        var label = await LabelAsync(request, cancellationToken);
        if (!label.Succeeded)
        {
            return label.Problem;
        }

        try
        {
            var issued = await store.IssueAsync(id, CredentialKind.Token, label.Value.Label);
            return TypedResults.Ok(new IssuedToken(issued.Credential.Id, issued.Secret));
        }
        catch (AccountException e)
        {
            return Refused(e);
        }
    }

    /// <summary>Issues a display link for a display account; the answer holds its address, shown this once. Body optional: <c>{label}</c>.</summary>
    public static Task<Results<Ok<IssuedLink>, ProblemHttpResult>> PostDisplayLink(string id, HttpRequest request, AccountStore store, CancellationToken cancellationToken) =>
        IssueLinkAsync(id, CredentialKind.DisplayLink, CredentialLinks.DisplayPrefix, lifetime: null, request, store, cancellationToken);

    /// <summary>Issues a one-time sign-in link valid for 24 hours; the answer holds its address, shown this once. Body optional: <c>{label}</c>.</summary>
    public static Task<Results<Ok<IssuedLink>, ProblemHttpResult>> PostSignInLink(string id, HttpRequest request, AccountStore store, CancellationToken cancellationToken) =>
        IssueLinkAsync(id, CredentialKind.SignInLink, SignInEndpoints.SignInPath + "/link/", SignInEndpoints.SignInLinkLifetime, request, store, cancellationToken);

    /// <summary>Sets an account's password: 204; 400 for a password too short; 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> PostPassword(string id, HttpRequest request, AccountStore store, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PasswordRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        try
        {
            await store.SetPasswordAsync(id, body.Value.Password ?? "");
            return TypedResults.NoContent();
        }
        catch (AccountException e)
        {
            return Refused(e);
        }
    }

    /// <summary>Unlocks an account locked by failed sign-ins (<see cref="SignInLockout"/>): 204, locked or not; 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLockout(string id, ClaimsPrincipal user, AccountStore store, SignInLockout lockout)
    {
        if (await store.FindAsync(id) is null)
        {
            return UnknownAccount(id);
        }

        lockout.Unlock(id, user.Identity?.Name ?? "");
        return TypedResults.NoContent();
    }

    /// <summary>Revokes a credential: 204, and its live connections close; 404.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCredential(string id, AccountStore store) =>
        await store.RevokeAsync(id) ? TypedResults.NoContent() : Problems.Result(StatusCodes.Status404NotFound, $"凭据 {id} 不存在。");

    private static async Task<Results<Ok<IssuedLink>, ProblemHttpResult>> IssueLinkAsync(
        string id, CredentialKind kind, string path, TimeSpan? lifetime, HttpRequest request, AccountStore store, CancellationToken cancellationToken)
    {
        var label = await LabelAsync(request, cancellationToken);
        if (!label.Succeeded)
        {
            return label.Problem;
        }

        try
        {
            var issued = await store.IssueAsync(id, kind, label.Value.Label, lifetime);
            return TypedResults.Ok(new IssuedLink(issued.Credential.Id, CredentialLinks.Absolute(request, path + issued.Secret)));
        }
        catch (AccountException e)
        {
            return Refused(e);
        }
    }

    // The label is optional, and so is the body that carries it.
    private static Task<BodyRead<LabelRequest>> LabelAsync(HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.ReadOptionalAsync<LabelRequest>(request, JsonBody.SingleLimit, cancellationToken);

    private static ProblemHttpResult UnknownAccount(string id) => Problems.Result(StatusCodes.Status404NotFound, $"账号 {id} 不存在。");

    private static ProblemHttpResult Refused(AccountException e) => Problems.Result(e.Status, e.Message);
}

/// <summary>A new account, as <c>POST /api/accounts</c> receives it.</summary>
public sealed record AccountRequest
{
    /// <summary>The account id; default: the worker id for a worker, else the role and a random suffix.</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary><c>admin</c>, <c>leader</c>, <c>worker</c> or <c>display</c>.</summary>
    public string? Role { get; init; }

    /// <summary>The unit of a leader or display; a worker's grid (optional, taken from the worker).</summary>
    public string? UnitId { get; init; }

    /// <summary>The worker of a worker account.</summary>
    public string? WorkerId { get; init; }

    /// <summary>An optional password.</summary>
    public string? Password { get; init; }
}

/// <summary>A new password, as <c>POST /api/accounts/{id}/password</c> receives it.</summary>
public sealed record PasswordRequest
{
    /// <summary>The password.</summary>
    public string? Password { get; init; }
}

/// <summary>The optional label of a new token or link.</summary>
public sealed record LabelRequest
{
    /// <summary>A note, such as the phone or wall the credential goes to.</summary>
    public string? Label { get; init; }
}

/// <summary>An account with its credentials, as <c>GET /api/accounts/{id}</c> answers.</summary>
public sealed record AccountDetail(Account Account, IReadOnlyList<CredentialInfo> Credentials);

/// <summary>A token just issued: its credential id and its secret, shown once.</summary>
public sealed record IssuedToken(string Id, string Secret);

/// <summary>A link just issued: its credential id and its address, shown once.</summary>
public sealed record IssuedLink(string Id, string Url);
