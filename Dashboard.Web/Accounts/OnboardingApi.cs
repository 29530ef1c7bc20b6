using System.Net.Mime;
using Dashboard.Web.Apis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Accounts;

/// <summary>Onboarding in bulk (<see cref="Onboarding"/>): administrators only, as every link is issued today.</summary>
public static class OnboardingApi
{
    /// <summary>Maps <c>POST /api/units/{id}/links</c>.</summary>
    public static IEndpointRouteBuilder MapOnboardingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/units/{id}/links", PostLinks).WithTags("Accounts").RequireAuthorization(AccountsExtensions.AdminPolicy)
            .Accepts<LinksRequest>(isOptional: true, MediaTypeNames.Application.Json)
            .ProducesCallerProblems().ProducesBodyProblems()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// Issues a new link to every worker of the unit's subtree (and to its displays with <c>{"displays": true}</c>) and
    /// revokes the ones they held: 200 with every link and its QR code, shown this once; 404 unknown unit; 409 when a
    /// worker's account cannot be made (nothing changed).
    /// </summary>
    public static async Task<Results<Ok<OnboardingSheet>, ProblemHttpResult>> PostLinks(
        string id, HttpRequest request, Onboarding onboarding, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadOptionalAsync<LinksRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        try
        {
            return await onboarding.IssueAsync(id, body.Value.Displays ?? false, path => CredentialLinks.Absolute(request, path)) is { } sheet
                ? TypedResults.Ok(sheet)
                : UnitsApi.UnknownUnit(id);
        }
        catch (AccountException e)
        {
            return Problems.Result(e.Status, e.Message);
        }
    }
}

/// <summary>What <c>POST /api/units/{id}/links</c> may receive; the body is optional.</summary>
public sealed record LinksRequest
{
    /// <summary>Also issue the unit's displays new display links, which disconnects the walls on the old ones; default false.</summary>
    public bool? Displays { get; init; }
}
