using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Benchmark;

/// <summary>What one wrk run saw, from the JSON line its script's <c>done()</c> prints.</summary>
internal sealed record WrkSummary(
    long Requests, long DurationMicroseconds, long Accepted, long Non2xx, long SocketErrors, long P50, long P90, long P99, long Max)
{
    public double RequestsPerSecond => Requests / (DurationMicroseconds / 1e6);
}

/// <summary>
/// wrk, the load generator of single-report ingestion, with a generated Lua script that sends a unique valid visit
/// report per request, spread over every grid worker of the organisation, with the run's admin token.
/// </summary>
internal static class Wrk
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the Lua script into <paramref name="path"/>.</summary>
    public static void WriteScript(string path, IReadOnlyList<GridWorker> workers, string adminToken)
    {
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"local token = \"{adminToken}\"");
        script.AppendLine("local workers = {");
        foreach (var worker in workers)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"  {{\"{worker.GridId}\", \"{worker.WorkerId}\"}},");
        }

        script.Append("""
            }
            local threads = {}
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer " .. token

            function setup(thread)
              thread:set("tid", #threads + 1)
              table.insert(threads, thread)
            end

            function init(args)
              run = args[1]
              sent = 0
              accepted = 0
              non2xx = 0
            end

            -- Ids are unique per run, thread and request; consecutive requests go to grids far apart.
            function request()
              sent = sent + 1
              local worker = workers[(sent * 7919 + tid) % #workers + 1]
              local body = '{"id":"' .. run .. '-' .. tid .. '-' .. sent .. '","gridId":"' .. worker[1] ..
                '","workerId":"' .. worker[2] .. '","kind":"visit","occurredAt":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ") .. '"}'
              return wrk.format(nil, nil, nil, body)
            end

            function response(status, headers, body)
              if status == 202 then accepted = accepted + 1 end
              if status < 200 or status > 299 then non2xx = non2xx + 1 end
            end

            function done(summary, latency, requests)
              local accepted_all, non2xx_all = 0, 0
              for _, thread in ipairs(threads) do
                accepted_all = accepted_all + thread:get("accepted")
                non2xx_all = non2xx_all + thread:get("non2xx")
              end
              local errors = summary.errors
              io.write(string.format(
                '{"requests":%d,"durationMicroseconds":%d,"accepted":%d,"non2xx":%d,"socketErrors":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
                summary.requests, summary.duration, accepted_all, non2xx_all,
                errors.connect + errors.read + errors.write + errors.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end

            """);
        File.WriteAllText(path, script.ToString());
    }

    /// <summary>Runs wrk with <paramref name="script"/> against <paramref name="url"/> for <paramref name="seconds"/>; <paramref name="run"/> prefixes the report ids.</summary>
    public static async Task<WrkSummary> RunAsync(string script, Uri url, string run, int seconds, BenchmarkSettings settings)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", settings.Threads.ToString(CultureInfo.InvariantCulture),
            "-c", settings.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            "--timeout", "10s",
            "-s", script, url.ToString(), "--", run,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start) ?? throw new BenchmarkException("wrk 未能启动 / wrk did not start");
        var output = wrk.StandardOutput.ReadToEndAsync();
        var error = wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var lines = (await output).Split('\n');
        var summary = lines.LastOrDefault(line => line.StartsWith('{'));
        if (wrk.ExitCode != 0 || summary is null)
        {
            throw new BenchmarkException($"wrk 运行失败 / wrk failed ({wrk.ExitCode}): {await error}\n{string.Join('\n', lines)}");
        }

        return JsonSerializer.Deserialize<WrkSummary>(summary, JsonOptions)!;
    }
}
