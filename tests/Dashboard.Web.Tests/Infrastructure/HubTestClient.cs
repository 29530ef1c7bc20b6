using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>
/// A client of <c>/hubs/metrics</c> on the official .NET SignalR client (<see cref="HubConnection"/>, JSON protocol
/// unless MessagePack is asked for, WebSockets to the test server, no reconnection), listening as an integrator would:
/// on the documented client method names <c>metrics</c>, <c>activity</c>, <c>banners</c> and <c>reload</c>, which this client matches
/// case-sensitively. Whatever the protocol, a payload is read as the JSON document it stands for.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    /// <summary>The client methods of spec 4 and of wall operations (issue 13), as documented.</summary>
    private static readonly string[] ClientMethods = ["metrics", "activity", "banners", "reload"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HubConnection _connection;
    private readonly Dictionary<string, Channel<JsonElement>> _received =
        ClientMethods.ToDictionary(method => method, _ => Channel.CreateUnbounded<JsonElement>(), StringComparer.Ordinal);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocket? _socket;

    /// <param name="app">The test server to connect to, or null to connect over the network to <paramref name="address"/>.</param>
    private HubTestClient(WebApplicationFactory<Program>? app, Uri address, string? cookie, HubWireProtocol protocol)
    {
        var builder = new HubConnectionBuilder();
        if (protocol == HubWireProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol(options => options.SerializerOptions = options.SerializerOptions.WithResolver(
                CompositeResolver.Create([MessagePackAsJson.Instance], [options.SerializerOptions.Resolver])));
        }

        _connection = builder
            .WithUrl(address, HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                if (app is null)
                {
                    return;
                }

                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var webSockets = app.Server.CreateWebSocketClient();
                    if (cookie is not null)
                    {
                        webSockets.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    }

                    return _socket = await webSockets.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .Build();
        foreach (var (method, inbox) in _received)
        {
            _connection.On<JsonElement>(method, argument => inbox.Writer.TryWrite(argument));
        }

        _connection.Closed += _ =>
        {
            foreach (var inbox in _received.Values)
            {
                inbox.Writer.TryComplete();
            }

            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// Connects with a bearer token in the <c>access_token</c> query, as the JavaScript client sends it over
    /// WebSockets (default: the app's admin token).
    /// </summary>
    public static Task<HubTestClient> ConnectAsync(GridPulseApp app, string? token = null, HubWireProtocol protocol = HubWireProtocol.Json) =>
        ConnectAsync(app, TestServerAddress($"hubs/metrics?access_token={Uri.EscapeDataString(token ?? app.AdminToken)}"), cookie: null, protocol);

    /// <summary>Connects to a running app over the network with its admin token, as a wall on another machine does.</summary>
    public static Task<HubTestClient> ConnectAsync(AppProcess app) => ConnectAsync(app.Address, app.AdminToken);

    /// <summary>Connects to the app at <paramref name="server"/> over the network with <paramref name="token"/>.</summary>
    public static Task<HubTestClient> ConnectAsync(Uri server, string token) =>
        ConnectAsync(null, new Uri(server, $"hubs/metrics?access_token={Uri.EscapeDataString(token)}"), cookie: null, HubWireProtocol.Json);

    /// <summary>Connects with a browser's cookie header (such as a display link's sign-in).</summary>
    public static Task<HubTestClient> ConnectWithCookieAsync(WebApplicationFactory<Program> app, string cookie) =>
        ConnectAsync(app, TestServerAddress("hubs/metrics"), cookie, HubWireProtocol.Json);

    /// <summary>Completes when the connection has closed, from either side.</summary>
    public Task Closed => _closed.Task;

    private static Uri TestServerAddress(string path) => new(new Uri("ws://localhost/"), path);

    private static async Task<HubTestClient> ConnectAsync(WebApplicationFactory<Program>? app, Uri address, string? cookie, HubWireProtocol protocol)
    {
        var client = new HubTestClient(app, address, cookie, protocol);
        try
        {
            await client._connection.StartAsync().WaitAsync(Patience);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary>Invokes a hub method and returns its result; a hub error is a <see cref="HubException"/> with the server's message.</summary>
    public Task<JsonElement> InvokeAsync(string target, params object[] arguments) =>
        _connection.InvokeCoreAsync<JsonElement>(target, arguments).WaitAsync(Patience);

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
    public void Abort() => _socket?.Abort();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _socket?.Dispose();
    }

    private Channel<JsonElement> Inbox(string method) =>
        _received.TryGetValue(method, out var inbox)
            ? inbox
            : throw new ArgumentException($"'{method}' is not a documented client method ({string.Join(", ", ClientMethods)}).", nameof(method));
}

/// <summary>The SignalR hub protocols the server offers.</summary>
public enum HubWireProtocol
{
    /// <summary>The JSON protocol, the JavaScript client's default.</summary>
    Json,

    /// <summary>The MessagePack protocol (binary frames).</summary>
    MessagePack,
}

/// <summary>
/// Reads a MessagePack value as the JSON it converts to, with MessagePack-CSharp's own converter rather than the
/// server's code: a map key is the name the JSON would show, a string stays a string, a timestamp or an array where
/// the JSON has a string shows as such.
/// </summary>
file sealed class MessagePackAsJson : IMessagePackFormatter<JsonElement>
{
    public static readonly MessagePackAsJson Instance = new();

    public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("The test client sends only strings.");

    public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        using var json = new StringWriter();
        MessagePackSerializer.ConvertToJson(ref reader, json, options);
        using var document = JsonDocument.Parse(json.ToString());
        return document.RootElement.Clone();
    }
}
