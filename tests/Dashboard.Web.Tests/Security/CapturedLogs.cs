using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Security;

/// <summary>
/// A logger provider that keeps every line the app logs, as a provider that prints everything would show it: the
/// category, the message, the structured values, the scopes and the exception.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Capture(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Capture(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            logs._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            AppendValues(line, state);
            logs._scopes?.ForEachScope(static (scope, line) => AppendValues(line.Append(" => ").Append(scope), scope), line);
            if (exception is not null)
            {
                line.Append('\n').Append(exception);
            }

            logs._lines.Enqueue(line.ToString());
        }

        private static void AppendValues(StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" [").Append(key).Append('=').Append(value).Append(']');
                }
            }
        }
    }
}
