using System.Net;
using Dashboard.Web.Tests.Apis;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Storage;

namespace Dashboard.Web.Tests.Security;

/// <summary>Outside Development a failure answers a problem that says nothing of the code (issue 5, spec 9).</summary>
public sealed class DetailedErrorTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task In_production_a_failure_answers_a_500_problem_without_a_stack_trace_or_exception_name()
    {
        // Arrange
        await using var app = _directory.StartApp(
            services => services.AddSingleton<IEventLog>(new UnreachableEventLog()),
            new Dictionary<string, string> { ["environment"] = Environments.Production });
        using var client = app.CreateClient();

        // Act
        using var response = await client.PostJsonAsync("/api/reports", Api.Visit(Api.UniqueId("v")));

        // Assert
        Assert.True(app.Services.GetRequiredService<IHostEnvironment>().IsProduction());
        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("IOException", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("disk unplugged", problem.ToString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("exception", out _));
    }

    public void Dispose() => _directory.Dispose();
}
