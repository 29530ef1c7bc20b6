using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Dashboard.Web.Tests;

/// <summary>
/// Runs the real built app as a child process, kills it with SIGKILL while reports are being posted, restarts it on
/// the same data directory and checks that every acknowledged report is counted exactly once (issue 2, SPEC 9).
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string District = "crash-d";
    private static readonly string[] Grids = ["crash-g1", "crash-g2", "crash-g3"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("gridpulse-crash-").FullName;

    [Fact]
    public async Task Every_acknowledged_report_survives_a_SIGKILL_and_is_counted_exactly_once()
    {
        var organisation = WriteOrganisation();
        var dataDirectory = Path.Combine(_directory, "data");
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var acknowledged = new ConcurrentDictionary<string, string>();
        var attempted = new ConcurrentDictionary<string, string>();

        // Arrange: the app is up and reports stream in from eight concurrent posters.
        await using (var app = await AppProcess.StartAsync(organisation, dataDirectory))
        {
            var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var posters = Enumerable.Range(0, 8)
                .Select(poster => PostUntilFailureAsync(app.Client, poster, occurredAt, attempted, acknowledged, enoughAcknowledged))
                .ToArray();

            // Act: kill the process while requests are in flight.
            var first = await Task.WhenAny(posters.Append(enoughAcknowledged.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            await first;
            Assert.Same(enoughAcknowledged.Task, first);
            app.Kill();
            await Task.WhenAll(posters);
        }

        // Assert: after a restart every acknowledged report is counted, each once; unanswered ones at most once.
        await using (var app = await AppProcess.StartAsync(organisation, dataDirectory))
        {
            var countedAfterRestart = await TotalVisitsAsync(app.Client);
            Assert.InRange(countedAfterRestart, acknowledged.Count, attempted.Count);

            foreach (var (id, grid) in acknowledged)
            {
                var response = await PostReportAsync(app.Client, id, grid, occurredAt);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Equal(countedAfterRestart, await TotalVisitsAsync(app.Client));

            foreach (var (id, grid) in attempted.Where(report => !acknowledged.ContainsKey(report.Key)))
            {
                var response = await PostReportAsync(app.Client, id, grid, occurredAt);
                Assert.True(response.IsSuccessStatusCode, $"re-posting {id} answered {response.StatusCode}");
            }

            Assert.Equal(attempted.Count, await TotalVisitsAsync(app.Client));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task PostUntilFailureAsync(
        HttpClient client,
        int poster,
        DateTimeOffset occurredAt,
        ConcurrentDictionary<string, string> attempted,
        ConcurrentDictionary<string, string> acknowledged,
        TaskCompletionSource enoughAcknowledged)
    {
        var grid = Grids[poster % Grids.Length];
        for (var sequence = 0; ; sequence++)
        {
            var id = $"crash-{poster}-{sequence}";
            attempted[id] = grid;
            try
            {
                var response = await PostReportAsync(client, id, grid, occurredAt);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"report {id} answered {response.StatusCode}");
                }

                acknowledged[id] = grid;
                if (acknowledged.Count >= 400)
                {
                    enoughAcknowledged.TrySetResult();
                }
            }
            catch (HttpRequestException)
            {
                return; // The process is gone: this report's fate is unknown, which the test allows for.
            }
        }
    }

    private static Task<HttpResponseMessage> PostReportAsync(HttpClient client, string id, string grid, DateTimeOffset occurredAt) =>
        client.PostAsJsonAsync("/api/reports", new
        {
            id,
            gridId = grid,
            workerId = "crash-w-" + grid,
            kind = "visit",
            occurredAt,
        });

    private static async Task<long> TotalVisitsAsync(HttpClient client)
    {
        using var metrics = JsonDocument.Parse(await client.GetStringAsync($"/api/units/{District}/metrics"));
        return metrics.RootElement.GetProperty("total").GetProperty("visits").GetInt64();
    }

    private string WriteOrganisation()
    {
        var organisation = new
        {
            id = District,
            name = "崩溃测试区",
            level = "district",
            children = new[]
            {
                new
                {
                    id = "crash-s",
                    name = "测试街道",
                    level = "street",
                    children = new[]
                    {
                        new
                        {
                            id = "crash-c",
                            name = "测试社区",
                            level = "community",
                            children = Grids.Select((grid, index) => new
                            {
                                id = grid,
                                name = $"第{index + 1}网格",
                                level = "grid",
                                workers = new[] { new { id = "crash-w-" + grid, name = $"网格员{index + 1}" } },
                            }).ToArray(),
                        },
                    },
                },
            },
        };
        var path = Path.Combine(_directory, "organisation.json");
        File.WriteAllText(path, JsonSerializer.Serialize(organisation));
        return path;
    }

    /// <summary>The built Dashboard.Web started as a child process on a free loopback port.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private AppProcess(Process process, Uri address)
        {
            _process = process;
            Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        }

        public HttpClient Client { get; }

        public static async Task<AppProcess> StartAsync(string organisation, string dataDirectory)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "exec", Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll"),
                "--urls", address.ToString().TrimEnd('/'),
                "--data", dataDirectory,
                "--org", organisation,
                "--simulate", "0",
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var app = new AppProcess(process, address);
            await app.WaitForReadyAsync();
            return app;
        }

        public void Kill() => _process.Kill(entireProcessTree: true);

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private async Task WaitForReadyAsync()
        {
            // The app prints its address once Kestrel listens, which is after the start-up replay.
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new ConcurrentQueue<string>();
            var address = Client.BaseAddress!.ToString().TrimEnd('/');
            _process.OutputDataReceived += (_, line) => Observe(line.Data);
            _process.ErrorDataReceived += (_, line) => Observe(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();

            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited).WaitAsync(StartTimeout);
            Assert.True(first == listening.Task, "the app exited before listening:\n" + string.Join('\n', output));

            void Observe(string? line)
            {
                if (line is null)
                {
                    return;
                }

                output.Enqueue(line);
                if (line.Contains(address, StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
