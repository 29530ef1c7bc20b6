using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dashboard.Web.Tests.Infrastructure;
using MiniExcelLibs;

namespace Dashboard.Web.Tests.Roster;

/// <summary>
/// The roster API (issue 13, section 1): <c>POST /api/organisation/roster</c> (dry run or import) and
/// <c>GET /api/organisation/roster</c> (export), administrators only, on the test organisation (t-d → t-s1 第一街道
/// (t-c1 第一社区: t-g1 [t-w1], t-g2 [t-w2, t-w3]; t-c2 第二社区: t-g3 [t-w4]), t-s2 第二街道 (t-c3 第三社区: t-g4 [t-w5])).
/// </summary>
public sealed class RosterApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Header = "街道,社区,网格,网格员姓名,工号,手机号\r\n";

    [Fact]
    public async Task A_dry_run_of_a_new_street_lists_its_operations_and_changes_nothing()
    {
        var before = await app.Client.GetJsonAsync("/api/units");

        using var response = await PostAsync(Csv(Header + "第三街道,新一社区,第一网格,王强,r-n1,13900000001\r\n第三街道,新一社区,第二网格,李娜,r-n2,\r\n"), dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJsonAsync();
        Assert.Empty(answer.GetProperty("problems").EnumerateArray());
        Assert.Equal(
            """{"streets":1,"communities":1,"grids":2,"workers":2,"moves":0,"updates":0}""",
            answer.GetProperty("summary").GetRawText());
        var operations = answer.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(["add-unit", "add-unit", "add-unit", "add-worker", "add-unit", "add-worker"], operations.Select(operation => operation.GetProperty("kind").GetString()));
        Assert.Equal("s01", operations[0].GetProperty("id").GetString());
        Assert.Equal(before.GetRawText(), (await app.Client.GetJsonAsync("/api/units")).GetRawText());
    }

    [Fact]
    public async Task A_dry_run_lists_each_problem_by_row_and_column_in_the_language_asked()
    {
        var csv = Csv(Header + "第一街道,第一社区,第一网格,王强,r n1,\r\n第一街道,,第一网格,李娜,r-n2,123\r\n");

        using var chinese = await PostAsync(csv, dryRun: true);
        using var english = await PostAsync(csv, dryRun: true, "&lang=en");

        var problems = (await chinese.ReadJsonAsync()).GetProperty("problems").EnumerateArray()
            .Select(problem => (problem.GetProperty("row").GetInt32(), problem.GetProperty("column").GetString())).ToList();
        Assert.Equal([(2, "工号"), (3, "社区"), (3, "手机号")], problems);
        var first = (await english.ReadJsonAsync()).GetProperty("problems")[0];
        Assert.Equal("only 1 to 64 letters, digits, -, _ or .", first.GetProperty("message").GetString());
        Assert.Empty((await chinese.ReadJsonAsync()).GetProperty("operations").EnumerateArray());
    }

    [Fact]
    public async Task An_import_with_problems_is_400_listing_them_and_changes_nothing()
    {
        var before = await app.Client.GetJsonAsync("/api/units");

        using var response = await PostAsync(Csv(Header + "第三街道,新一社区,第一网格,王强,r-n9,\r\n第三街道,新一社区,第一网格,李娜,r-n9,\r\n"), dryRun: false);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var listed = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal((3, "工号"), (listed.GetProperty("row").GetInt32(), listed.GetProperty("column").GetString()));
        Assert.Contains("1 处问题", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(before.GetRawText(), (await app.Client.GetJsonAsync("/api/units")).GetRawText());
    }

    [Theory]
    [InlineData("leader", "t-s1", null)]
    [InlineData("worker", null, "t-w4")]
    [InlineData("display", "t-d", null)]
    public async Task Anyone_but_an_administrator_gets_403(string role, string? unitId, string? workerId)
    {
        var token = await app.App.CreateAccountWithTokenAsync(Api.UniqueId(role), role, unitId, workerId);
        using var client = app.App.CreateClientFor(token);

        using var dryRun = await client.PostAsync(new Uri("/api/organisation/roster?dryRun=true", UriKind.Relative), Form(Csv(Header)));
        using var export = await client.GetAsync(new Uri("/api/organisation/roster", UriKind.Relative));

        await dryRun.AssertProblemAsync(HttpStatusCode.Forbidden);
        await export.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_upload_that_is_not_a_form_with_a_file_or_too_large_is_refused()
    {
        using var json = await app.Client.PostRawAsync("/api/organisation/roster?dryRun=true", "{}");
        using var noFile = await app.Client.PostAsync(
            new Uri("/api/organisation/roster?dryRun=true", UriKind.Relative), new MultipartFormDataContent { { new StringContent("x"), "other" } });
        using var large = await PostAsync(new byte[(5 * 1024 * 1024) + 1], dryRun: true);

        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("file", (await noFile.AssertProblemAsync(HttpStatusCode.BadRequest)).Detail(), StringComparison.Ordinal);
        Assert.Contains("5 MB", (await large.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Detail(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task The_export_has_every_worker_with_a_Chinese_file_name_and_importing_it_plans_nothing(string format)
    {
        using var export = await app.Client.GetAsync(new Uri($"/api/organisation/roster?format={format}&unitId=t-s1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal($"第一街道-花名册.{format}", export.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        if (format == "xlsx")
        {
            using var workbook = new MemoryStream(bytes);
            var rows = MiniExcel.Query(workbook, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(["t-w1", "t-w2", "t-w3", "t-w4"], rows.Select(row => row["工号"]));
            Assert.Equal("第二社区", rows[3]["社区"]);
        }
        else
        {
            Assert.StartsWith(Header + "第一街道,第一社区,第一网格,张三,t-w1,\r\n", Encoding.UTF8.GetString(bytes.AsSpan(3)), StringComparison.Ordinal);
        }

        using var dryRun = await PostAsync(bytes, dryRun: true);
        var answer = await dryRun.ReadJsonAsync();
        Assert.Empty(answer.GetProperty("problems").EnumerateArray());
        Assert.Empty(answer.GetProperty("operations").EnumerateArray());
    }

    [Fact]
    public async Task An_export_of_an_unknown_unit_is_404_and_a_wrong_format_400()
    {
        using var unknown = await app.Client.GetAsync(new Uri("/api/organisation/roster?unitId=nowhere", UriKind.Relative));
        using var wrong = await app.Client.GetAsync(new Uri("/api/organisation/roster?format=pdf", UriKind.Relative));

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await wrong.AssertFieldErrorAsync("format");
    }

    private static byte[] Csv(string text) => Encoding.UTF8.GetBytes(text);

    private static MultipartFormDataContent Form(byte[] file, string name = "roster.csv")
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { content, "file", name } };
    }

    private Task<HttpResponseMessage> PostAsync(byte[] file, bool dryRun, string query = "") =>
        app.Client.PostAsync(new Uri($"/api/organisation/roster?dryRun={(dryRun ? "true" : "false")}{query}", UriKind.Relative), Form(file));
}
