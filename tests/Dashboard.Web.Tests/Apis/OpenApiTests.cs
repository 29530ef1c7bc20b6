using System.Net;
using System.Text.Json;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Apis;

/// <summary>The OpenAPI document at /openapi/v1.json (spec 10), read as an integrator would, anonymously.</summary>
public sealed class OpenApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Every_mapped_endpoint_of_the_api_is_in_the_document_with_its_method()
    {
        // Arrange: every HTTP endpoint the app maps, but the hub's and the pages' (HTML files, not API).
        var document = await DocumentAsync();
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<HubMetadata>() is null
                && endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }
                && !IsPage(endpoint))
            // An endpoint for any method (the health checks) is described by its GET.
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (Path: PathOf(endpoint), Method: method)))
            .ToList();

        // Assert
        Assert.Contains(("/api/reports", "POST"), endpoints);
        Assert.Contains(("/healthz", "GET"), endpoints);
        var missing = endpoints.Where(endpoint => !HasOperation(document, endpoint.Path, endpoint.Method)).ToList();
        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("/api/reports", "ReportRequest")]
    [InlineData("/api/cases", "CaseRequest")]
    [InlineData("/api/cases/{id}/actions", "CaseActionRequest")]
    [InlineData("/api/workers/{id}/status", "WorkerStatusRequest")]
    [InlineData("/api/accounts", "AccountRequest")]
    public async Task A_write_names_its_json_body_and_every_problem_it_answers(string path, string body)
    {
        var document = await DocumentAsync();

        var post = document.GetProperty("paths").GetProperty(path).GetProperty("post");

        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal($"#/components/schemas/{body}", schema.GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty(body).GetProperty("properties").EnumerateObject().Any());
        var responses = post.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "413", "415", "429" })
        {
            Assert.True(responses.TryGetProperty(status, out var problem), $"{path}: no {status}");
            Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{path}: {status} is not a problem");
        }
    }

    [Fact]
    public async Task The_bulletin_names_its_query_and_its_three_formats()
    {
        var document = await DocumentAsync();

        var get = document.GetProperty("paths").GetProperty("/api/units/{id}/report").GetProperty("get");
        var evaluation = document.GetProperty("paths").GetProperty("/api/units/{id}/evaluation").GetProperty("get");

        Assert.Equal(["period", "date", "format", "lang"], get.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["month"], evaluation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()));
        var content = get.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("application/json", out _), content.ToString());
        Assert.True(content.TryGetProperty("text/csv", out _), content.ToString());
        Assert.True(content.TryGetProperty(Dashboard.Web.Apis.BulletinsApi.XlsxContentType, out _), content.ToString());
        Assert.True(get.GetProperty("responses").TryGetProperty("403", out _));
    }

    [Fact]
    public async Task The_batch_takes_an_array_of_reports_and_answers_its_counts()
    {
        var document = await DocumentAsync();

        var batch = document.GetProperty("paths").GetProperty("/api/reports/batch").GetProperty("post");

        var schema = batch.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("array", schema.GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/ReportRequest", schema.GetProperty("items").GetProperty("$ref").GetString());
        var answer = batch.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("#/components/schemas/BatchAnswer", answer.GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task The_case_list_names_its_query_parameters()
    {
        var document = await DocumentAsync();

        var parameters = document.GetProperty("paths").GetProperty("/api/cases").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(parameter => (parameter.GetProperty("name").GetString(), parameter.GetProperty("in").GetString(), parameter.GetProperty("schema").GetProperty("type").GetString()));

        Assert.Equal(
            [
                ("unit", "query", "string"), ("state", "query", "string"), ("overdue", "query", "boolean"), ("dueSoon", "query", "boolean"),
                ("category", "query", "string"), ("q", "query", "string"), ("order", "query", "string"), ("page", "query", "integer"),
                ("pageSize", "query", "integer"),
            ],
            parameters);
    }

    [Fact]
    public async Task Operations_that_need_an_identity_say_so_and_open_ones_do_not()
    {
        // Arrange
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var needIdentity = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => PathOf(endpoint).StartsWith("/api/", StringComparison.Ordinal))
            .ToLookup(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null, PathOf);

        // Assert: a bearer token or a browser's session cookie.
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        Assert.Contains("/api/units/{id}/metrics", needIdentity[true]);
        Assert.Contains("/api/antiforgery", needIdentity[false]);
        foreach (var path in needIdentity[true])
        {
            foreach (var operation in document.GetProperty("paths").GetProperty(path).EnumerateObject())
            {
                var security = operation.Value.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name));
                Assert.Equal(["bearer", "cookie"], security.Order());
            }
        }

        foreach (var path in needIdentity[false])
        {
            Assert.All(document.GetProperty("paths").GetProperty(path).EnumerateObject(), operation => Assert.False(operation.Value.TryGetProperty("security", out _)));
        }
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = app.App.CreateClient();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static bool HasOperation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _);

    private static string PathOf(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.Trim('/');

    // The pages are files sent as they are: their endpoints answer with a file's content, not the API's JSON.
    private static bool IsPage(RouteEndpoint endpoint) =>
        endpoint.DisplayName?.StartsWith("Fallback", StringComparison.Ordinal) == true;
}
