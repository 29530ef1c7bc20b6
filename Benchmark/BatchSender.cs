using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Benchmark;

/// <summary>The .NET load generator of batch ingestion: a few concurrent senders posting pre-serialized batches.</summary>
internal static class BatchSender
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Posts every batch to <c>/api/reports/batch</c> with the admin token over <paramref name="connections"/> concurrent senders and returns
    /// the time it took. Fails unless every report of every batch is accepted.
    /// </summary>
    public static async Task<TimeSpan> SendAsync(Uri address, string adminToken, IReadOnlyList<Batch> batches, int connections)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
            {
                await PostAsync(client, batches[i]);
            }
        }));
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task PostAsync(HttpClient client, Batch batch)
    {
        using var content = new ByteArrayContent(batch.Body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync(new Uri("api/reports/batch", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new BenchmarkException($"批量上报返回 {(int)response.StatusCode} / a batch answered {(int)response.StatusCode}: {body}");
        }

        using var answer = JsonDocument.Parse(body);
        var accepted = answer.RootElement.GetProperty("accepted").GetInt32();
        if (accepted != batch.Reports)
        {
            throw new BenchmarkException($"批量上报只接受了 {accepted}/{batch.Reports} 条 / a batch accepted {accepted} of {batch.Reports}: {body}");
        }
    }
}
