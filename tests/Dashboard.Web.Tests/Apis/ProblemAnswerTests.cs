using System.Net;
using System.Runtime.CompilerServices;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Storage;

namespace Dashboard.Web.Tests.Apis;

/// <summary>Every error is an RFC 9457 problem, and nothing a client sends leaks a stack trace (spec 3, 9).</summary>
public sealed class ProblemAnswerTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _client = app.Client;

    [Theory]
    [InlineData("/api/nothing")]
    [InlineData("/api/units/t-d/nothing")]
    public async Task An_unknown_path_is_a_not_found_problem(string path)
    {
        using var response = await _client.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_method_not_allowed_problem()
    {
        using var response = await _client.DeleteAsync("/api/reports");

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_validation_problem_has_a_chinese_title_and_field_errors()
    {
        using var response = await _client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("v")).Patched("""{"kind": "walk", "households": 0}"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("请求无效", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task A_failing_storage_answers_a_500_problem_without_a_stack_trace()
    {
        using var directory = new TestDirectory();
        await using var failing = directory.StartApp(services => services.AddSingleton<IEventLog>(new UnreachableEventLog()));
        using var client = failing.CreateClient();

        using var response = await client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("v")));

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("disk", problem.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>An event log whose disk is gone: it holds nothing, answers no query and refuses every append.</summary>
internal sealed class UnreachableEventLog : IEventLog
{
    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default) =>
        throw new IOException("disk unplugged");

    public async IAsyncEnumerable<StoredEntry> ReadAllAsync(long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<StreamRead> ReadStreamAsync(
        string stream, long afterSequence = 0, IReadOnlySet<long>? except = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StreamRead([], 0));

    public IAsyncEnumerable<StoredEntry> ReadOccurredAsync(
        DateTimeOffset since, DateTimeOffset until, IReadOnlyList<string> types, CancellationToken cancellationToken = default) =>
        ReadAllAsync(0, cancellationToken);

    public Task<StoredEntry?> ReadLatestAsync(string stream, CancellationToken cancellationToken = default) =>
        Task.FromResult<StoredEntry?>(null);

    public Task<IReadOnlyList<StoredEntry>> ReadNewestAsync(IReadOnlyList<string> types, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<StoredEntry>>([]);

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);
}
