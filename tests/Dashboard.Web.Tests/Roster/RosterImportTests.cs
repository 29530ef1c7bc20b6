using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dashboard.Web.Tests.Infrastructure;

namespace Dashboard.Web.Tests.Roster;

/// <summary>
/// Importing a roster through <c>POST /api/organisation/roster</c> (issue 13, section 1) changes the organisation once:
/// one change through the organisation grain, visible in <c>GET /api/organisation</c>; the same file again is a
/// duplicate. A class of its own: it changes its app's organisation.
/// </summary>
public sealed class RosterImportTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Header = "街道,社区,网格,网格员姓名,工号,手机号\r\n";

    [Fact]
    public async Task An_import_adds_the_new_street_with_its_workers_and_phones_as_one_change()
    {
        var before = await VersionAsync();

        using var response = await PostAsync(Header + "第九街道,第九一社区,第一网格,王强,ri-n1,13900000001\r\n第九街道,第九一社区,第一网格,李娜,ri-n2,\r\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Equal("applied", answer.GetProperty("status").GetString());
        Assert.StartsWith("roster-", answer.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, answer.GetProperty("version").GetInt64());
        var organisation = await app.Client.GetJsonAsync("/api/organisation");
        var street = Assert.Single(organisation.GetProperty("root").GetProperty("children").EnumerateArray(), unit => unit.GetProperty("name").GetString() == "第九街道");
        var grid = street.GetProperty("children")[0].GetProperty("children")[0];
        Assert.Equal(["ri-n1", "ri-n2"], grid.GetProperty("workers").EnumerateArray().Select(worker => worker.GetProperty("id").GetString()));
        Assert.Equal("13900000001", grid.GetProperty("workers")[0].GetProperty("phone").GetString());
        var audit = (await app.Client.GetJsonAsync("/api/organisation/changes")).GetProperty("items")[0];
        Assert.Equal(answer.GetProperty("id").GetString(), audit.GetProperty("id").GetString());
        Assert.Equal(5, audit.GetProperty("operations").GetArrayLength());
    }

    [Fact]
    public async Task The_same_file_sent_twice_at_once_and_again_later_is_stored_once()
    {
        var roster = Header + "第八街道,第八一社区,第一网格,赵敏,ri-n8,\r\n";
        var before = await VersionAsync();

        var answers = await Task.WhenAll(PostAsync(roster), PostAsync(roster));
        using var again = await PostAsync(roster);

        var statuses = new List<string?>();
        foreach (var answer in answers.Append(again))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            statuses.Add((await answer.ReadJsonAsync()).GetProperty("status").GetString());
            answer.Dispose();
        }

        Assert.Equal(["applied", "duplicate", "duplicate"], statuses.Order().ToList());
        Assert.Equal(before + 1, await VersionAsync());
    }

    [Fact]
    public async Task A_roster_the_organisations_rules_refuse_fails_its_dry_run_and_its_import_changes_nothing()
    {
        // 10,001 new workers: every row is fine, but a change holds at most 10,000 operations.
        var roster = new StringBuilder(Header);
        for (var i = 0; i <= 10_000; i++)
        {
            roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"第一街道,第一社区,第一网格,网格员{i},rr-{i},\r\n");
        }

        var before = await VersionAsync();

        using var dryRun = await PostAsync(roster.ToString(), dryRun: true);
        using var import = await PostAsync(roster.ToString());

        var answer = await dryRun.ReadJsonAsync();
        var listed = Assert.Single(answer.GetProperty("problems").EnumerateArray());
        Assert.Contains("10000", listed.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(answer.GetProperty("operations").EnumerateArray());
        var problem = await import.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal(before, await VersionAsync());
    }

    private async Task<long> VersionAsync() => (await app.Client.GetJsonAsync("/api/organisation")).GetProperty("version").GetInt64();

    private Task<HttpResponseMessage> PostAsync(string csv, bool dryRun = false)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return app.Client.PostAsync(
            new Uri($"/api/organisation/roster?dryRun={(dryRun ? "true" : "false")}", UriKind.Relative),
            new MultipartFormDataContent { { file, "file", "花名册.csv" } });
    }
}
