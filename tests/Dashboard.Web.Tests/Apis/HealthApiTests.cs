using System.Net;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Storage;

namespace Dashboard.Web.Tests.Apis;

public sealed class HealthApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task A_started_app_is_live_and_ready(string path)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_reachable_storage_the_app_is_live_but_not_ready()
    {
        using var directory = new TestDirectory();
        await using var unreachable = directory.StartApp(services => services.AddSingleton<IEventLog>(new UnreachableEventLog()));
        using var client = unreachable.CreateClient();

        using var live = await client.GetAsync("/healthz");
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
