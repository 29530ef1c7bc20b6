using Dashboard.Web.Apis.Validation;
using Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Web.Apis;

/// <summary>The answer to a stored or repeated write: <c>{id, status: "accepted" | "duplicate"}</c>.</summary>
public sealed record WriteAnswer(string Id, string Status)
{
    /// <summary>The status of a write stored by this request.</summary>
    public const string AcceptedStatus = "accepted";

    /// <summary>The status of a repeat of a stored write.</summary>
    public const string DuplicateStatus = "duplicate";
}

/// <summary>Maps what a write did (<see cref="WriteOutcome"/>) to its HTTP answer, the same way for every endpoint.</summary>
public static class WriteAnswers
{
    /// <summary>
    /// The one path of every single write: read the JSON body, validate it into the contract's record, ask
    /// <paramref name="authorize"/> whether the caller may make it, submit it, and answer with <see cref="ToResult"/>.
    /// So a malformed body is 400 whoever sends it, and a refused write (the problem <paramref name="authorize"/>
    /// returns, 403 or a 404 for an object whose scope is unknown) is answered before anything is stored.
    /// </summary>
    public static async Task<Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>> HandleAsync<TRequest, TRecord>(
        HttpRequest request,
        Func<TRequest, Validated<TRecord>> validate,
        Func<TRecord, ValueTask<ProblemHttpResult?>> authorize,
        Func<TRecord, CancellationToken, Task<WriteResult>> submit,
        Func<TRecord, string> idOf,
        Func<TRecord, string>? locationOf,
        CancellationToken cancellationToken)
        where TRequest : class
        where TRecord : class
    {
        var body = await JsonBody.ReadAsync<TRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return body.Problem;
        }

        var record = validate(body.Value);
        if (!record.IsValid)
        {
            return Invalid(record.Errors);
        }

        if (await authorize(record.Value) is { } refusal)
        {
            return refusal;
        }

        var result = await submit(record.Value, cancellationToken);
        return ToResult(result, idOf(record.Value), locationOf?.Invoke(record.Value));
    }

    /// <summary>
    /// Accepted: 202; Duplicate: 200; Conflict and IllegalTransition: 409; NotFound: 404; Invalid: 400 with the
    /// field at fault.
    /// </summary>
    public static Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem> ToResult(
        WriteResult result, string id, string? location = null) =>
        result.Outcome switch
        {
            WriteOutcome.Accepted => TypedResults.Accepted(location, new WriteAnswer(id, WriteAnswer.AcceptedStatus)),
            WriteOutcome.Duplicate => TypedResults.Ok(new WriteAnswer(id, WriteAnswer.DuplicateStatus)),
            WriteOutcome.Invalid when result.Field is not null => Invalid(result.Field, result.Detail ?? "取值无效"),
            _ => ToProblem(result, id),
        };

    /// <summary>A refused write as a problem; used alone by the batch, whose items all answer in one body.</summary>
    public static ProblemHttpResult ToProblem(WriteResult result, string id)
    {
        var (status, detail) = result.Outcome switch
        {
            WriteOutcome.Conflict => (StatusCodes.Status409Conflict, $"编号 {id} 已被内容不同的另一条记录使用，未做任何修改。"),
            WriteOutcome.IllegalTransition => (StatusCodes.Status409Conflict, "事件的当前状态不允许该操作，未做任何修改。"),
            WriteOutcome.NotFound => (StatusCodes.Status404NotFound, "引用的对象不存在。"),
            _ => (StatusCodes.Status400BadRequest, "请求无效，未做任何修改。"),
        };

        var extensions = result.Field is null ? null : new Dictionary<string, object?> { ["field"] = result.Field };
        return JsonBody.Problem(status, result.Detail ?? detail, extensions);
    }

    /// <summary>A validation problem with one field-level message.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A validation problem with field-level messages.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "请求中有字段不符合要求，未做任何修改。", title: ProblemTitles.For(StatusCodes.Status400BadRequest));
}
