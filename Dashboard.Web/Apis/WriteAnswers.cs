using System.Diagnostics.CodeAnalysis;
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
    /// Reads a write's JSON body and validates it into the contract's record: a malformed body is 400 (413, 415)
    /// whoever sends it, before the caller's scope is asked.
    /// </summary>
    public static async Task<ValidBody<TRecord>> ReadAsync<TRequest, TRecord>(
        HttpRequest request, Func<TRequest, Validated<TRecord>> validate, CancellationToken cancellationToken)
        where TRequest : class
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(validate);
        var body = await JsonBody.ReadAsync<TRequest>(request, JsonBody.SingleLimit, cancellationToken);
        if (!body.Succeeded)
        {
            return new(body.Problem);
        }

        var record = validate(body.Value);
        return record.IsValid ? new(record.Value) : new(Invalid(record.Errors));
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
        return Problems.Result(status, result.Detail ?? detail, extensions);
    }

    /// <summary>A validation problem with one field-level message.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A validation problem with field-level messages.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, "请求中有字段不符合要求，未做任何修改。", title: Problems.TitleOf(StatusCodes.Status400BadRequest));
}

/// <summary>A write's body, read and valid (<see cref="Record"/>), or the answer that refuses it (<see cref="Refusal"/>).</summary>
public sealed class ValidBody<TRecord>
    where TRecord : class
{
    /// <summary>A valid body.</summary>
    public ValidBody(TRecord record) => Record = record;

    /// <summary>A body refused with <paramref name="refusal"/>.</summary>
    public ValidBody(Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem> refusal) => Refusal = refusal;

    /// <summary>The record when the body is valid.</summary>
    public TRecord? Record { get; }

    /// <summary>The answer when it is not.</summary>
    public Results<Accepted<WriteAnswer>, Ok<WriteAnswer>, ProblemHttpResult, ValidationProblem>? Refusal { get; }

    /// <summary>True when <see cref="Record"/> holds the body.</summary>
    [MemberNotNullWhen(true, nameof(Record))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsValid => Refusal is null;
}
