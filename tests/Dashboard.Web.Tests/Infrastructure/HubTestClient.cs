using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// A client of the SignalR JSON hub protocol over a WebSocket of the test server: what the official JavaScript
/// client sends and reads, frame for frame (handshake, invocations, completions, pings), without its reconnection.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly WebSocket _socket;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _received = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _reading = Task.CompletedTask;
    private int _nextId;

    private HubTestClient(WebSocket socket) => _socket = socket;

    /// <summary>
    /// Connects to <c>/hubs/metrics</c> of <paramref name="app"/> with a bearer token in the <c>access_token</c> query,
    /// as the JavaScript client sends it (default: the app's admin token), and completes the handshake.
    /// </summary>
    public static Task<HubTestClient> ConnectAsync(GridPulseApp app, string? token = null) =>
        ConnectAsync(app, $"ws://localhost/hubs/metrics?access_token={Uri.EscapeDataString(token ?? app.AdminToken)}", cookie: null);

    /// <summary>Connects to <c>/hubs/metrics</c> with a browser's cookie header (such as a display link's sign-in) and completes the handshake.</summary>
    public static Task<HubTestClient> ConnectWithCookieAsync(WebApplicationFactory<Program> app, string cookie) =>
        ConnectAsync(app, "ws://localhost/hubs/metrics", cookie);

    /// <summary>Completes when the connection has closed, from either side.</summary>
    public Task Closed => _reading.ContinueWith(_ => { }, TaskScheduler.Default);

    private static async Task<HubTestClient> ConnectAsync(WebApplicationFactory<Program> app, string address, string? cookie)
    {
        var webSockets = app.Server.CreateWebSocketClient();
        if (cookie is not null)
        {
            webSockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
        }

        var socket = await webSockets.ConnectAsync(new Uri(address), CancellationToken.None);
        var client = new HubTestClient(socket);
        await client.SendAsync(new { protocol = "json", version = 1 });
        var handshake = await client.ReadRecordsAsync().FirstAsync().AsTask().WaitAsync(Patience);
        if (handshake.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"Handshake refused: {error}");
        }

        client._reading = client.ReadLoopAsync();
        return client;
    }

    /// <summary>Invokes a hub method and returns its result; a hub error becomes a <see cref="HubInvocationException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        await SendAsync(new { type = 1, invocationId = id, target, arguments });
        var completion = await call.Task.WaitAsync(Patience);
        if (completion.TryGetProperty("error", out var error))
        {
            throw new HubInvocationException(error.GetString() ?? "");
        }

        return completion.TryGetProperty("result", out var result) ? result : default;
    }

    /// <summary>The next call of the client method <paramref name="method"/> (first argument), waiting up to <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> NextAsync(string method, TimeSpan timeout) =>
        await Inbox(method).Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Waits for the first call of <paramref name="method"/> whose argument satisfies <paramref name="predicate"/>; returns it and how many calls came before it.</summary>
    public async Task<(JsonElement Argument, int Skipped)> NextMatchingAsync(string method, Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var skipped = 0;
        await foreach (var argument in Inbox(method).Reader.ReadAllAsync(deadline.Token))
        {
            if (predicate(argument))
            {
                return (argument, skipped);
            }

            skipped++;
        }

        throw new InvalidOperationException("The connection closed.");
    }

    /// <summary>The calls of <paramref name="method"/> received and not yet read.</summary>
    public IReadOnlyList<JsonElement> Drain(string method)
    {
        var drained = new List<JsonElement>();
        while (Inbox(method).Reader.TryRead(out var argument))
        {
            drained.Add(argument);
        }

        return drained;
    }

    /// <summary>Drops the connection without a close message, as a network failure does.</summary>
    public void Abort() => _socket.Abort();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Patience);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or TimeoutException)
            {
                // The server went first.
            }
        }

        _socket.Abort();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private Channel<JsonElement> Inbox(string method) => _received.GetOrAdd(method, _ => Channel.CreateUnbounded<JsonElement>());

    private async Task SendAsync(object message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (var message in ReadRecordsAsync())
            {
                Dispatch(message);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
        finally
        {
            foreach (var inbox in _received.Values)
            {
                inbox.Writer.TryComplete();
            }

            foreach (var call in _calls.Values)
            {
                call.TrySetException(new InvalidOperationException("The connection closed."));
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        switch (message.GetProperty("type").GetInt32())
        {
            case 1:
                Inbox(message.GetProperty("target").GetString()!).Writer.TryWrite(message.GetProperty("arguments")[0]);
                break;
            case 3 when _calls.TryRemove(message.GetProperty("invocationId").GetString()!, out var call):
                call.TrySetResult(message);
                break;
            case 7:
                _socket.Abort();
                break;
        }
    }

    private async IAsyncEnumerable<JsonElement> ReadRecordsAsync()
    {
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        while (true)
        {
            var received = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                yield break;
            }

            pending.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length);
            pending.SetLength(0);
            foreach (var record in text.Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return JsonDocument.Parse(record).RootElement.Clone();
            }
        }
    }
}

/// <summary>A hub method answered with an error.</summary>
public sealed class HubInvocationException(string message) : Exception(message);
