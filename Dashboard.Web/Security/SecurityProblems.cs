namespace Dashboard.Web.Security;

/// <summary>Problem answers written by middleware, before any endpoint runs, through the app's problem details service.</summary>
internal static class SecurityProblems
{
    /// <summary>Answers <paramref name="status"/> as <c>application/problem+json</c>; the title comes from the status, as everywhere.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
