namespace Dashboard.Web.Accounts;

/// <summary>The addresses that carry a credential's secret: what a worker's phone or a wall opens.</summary>
public static class CredentialLinks
{
    /// <summary>A worker's reporting page with their token: the page keeps the token and drops it from the address.</summary>
    public const string ReportPrefix = "/report#token=";

    /// <summary>A display link, which signs the wall in (<see cref="SignInEndpoints"/>).</summary>
    public const string DisplayPrefix = "/display/";

    /// <summary>The absolute address of <paramref name="path"/> on the server the request reached.</summary>
    public static string Absolute(HttpRequest request, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
    }
}
