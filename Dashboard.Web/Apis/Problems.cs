using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>
/// The one way problem answers (<c>application/problem+json</c>) are made: as an endpoint's result
/// (<see cref="Result"/>) or written by middleware before any endpoint runs (<see cref="WriteAsync"/>); every one gets
/// its title from its status, in Chinese (<see cref="Apply"/>, also for the framework's own), and its detail says what
/// went wrong.
/// </summary>
public static class Problems
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [StatusCodes.Status400BadRequest] = "请求无效",
        [StatusCodes.Status401Unauthorized] = "未登录或凭据无效",
        [StatusCodes.Status403Forbidden] = "无权访问",
        [StatusCodes.Status404NotFound] = "未找到",
        [StatusCodes.Status405MethodNotAllowed] = "不支持该请求方法",
        [StatusCodes.Status409Conflict] = "与已有数据冲突",
        [StatusCodes.Status413PayloadTooLarge] = "请求体过大",
        [StatusCodes.Status415UnsupportedMediaType] = "不支持的内容类型",
        [StatusCodes.Status429TooManyRequests] = "请求过于频繁",
        [StatusCodes.Status500InternalServerError] = "服务器内部错误",
        [StatusCodes.Status503ServiceUnavailable] = "服务暂不可用",
        [StatusCodes.Status507InsufficientStorage] = "存储空间不足",
    };

    /// <summary>A problem answer of <paramref name="status"/>, an endpoint's result.</summary>
    public static ProblemHttpResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: TitleOf(status), extensions: extensions);

    /// <summary>Answers <paramref name="status"/> from middleware, through the app's problem details service.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    /// <summary>The title of a status.</summary>
    public static string TitleOf(int status) => Titles.GetValueOrDefault(status, "请求失败");

    /// <summary>Sets the title of a problem from its status; used as <c>ProblemDetailsOptions.CustomizeProblemDetails</c>.</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        context.ProblemDetails.Title = TitleOf(status);
    }
}
