using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Silo.Hosting;
using Silo.Runtime;
using TestSupport;

namespace Silo.Tests.Runtime;

/// <summary>A silo on a manual clock, started the way a host starts it, with a probe and a log the test can read.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hostedServices;
    private bool _stopped;

    private TestSilo(ServiceProvider services, ManualTimeProvider clock, RecordingLoggerProvider log)
    {
        _services = services;
        Clock = clock;
        Log = log;
        _hostedServices = [.. services.GetServices<IHostedService>()];
    }

    public ManualTimeProvider Clock { get; }

    public RecordingLoggerProvider Log { get; }

    public GrainProbe Probe => _services.GetRequiredService<GrainProbe>();

    public IGrainFactory Grains => _services.GetRequiredService<IGrainFactory>();

    public GrainRuntime Runtime => _services.GetRequiredService<GrainRuntime>();

    public static async Task<TestSilo> StartAsync(Action<SiloBuilder> configure, Action<SiloOptions>? options = null)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var log = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<GrainProbe>();
        services.Configure<SiloOptions>(o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(10);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
            options?.Invoke(o);
        });
        services.AddSilo(configure);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var silo = new TestSilo(provider, clock, log);
        foreach (var hostedService in silo._hostedServices)
        {
            await hostedService.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public async Task StopAsync()
    {
        _stopped = true;
        foreach (var hostedService in _hostedServices.Reverse())
        {
            await hostedService.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await StopAsync();
        }

        await _services.DisposeAsync();
    }
}

/// <summary>Keeps every log entry of level warning and above.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _entries = new();
    private readonly SemaphoreSlim _written = new(0);

    public IReadOnlyCollection<(LogLevel Level, string Message, Exception? Exception)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this);

    /// <summary>Completes when an entry with an exception of type <typeparamref name="TException"/> is logged; fails after 15 s.</summary>
    public async Task<(LogLevel Level, string Message, Exception? Exception)> WaitForExceptionAsync<TException>()
        where TException : Exception
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var entry = _entries.FirstOrDefault(e => e.Exception is TException);
            if (entry.Exception is not null)
            {
                return entry;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _written.WaitAsync(left))
            {
                throw new TimeoutException($"No {typeof(TException).Name} was logged.");
            }
        }
    }

    public void Dispose() => _written.Dispose();

    private void Write(LogLevel level, string message, Exception? exception)
    {
        _entries.Enqueue((level, message, exception));
        _written.Release();
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
