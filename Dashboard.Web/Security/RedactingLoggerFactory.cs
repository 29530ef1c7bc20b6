using System.Collections;

namespace Dashboard.Web.Security;

/// <summary>
/// Wraps the app's logger factory so that every logger, whatever its provider, gets messages, values, scopes and
/// exceptions with secrets hidden (<see cref="SecretRedaction"/>): ASP.NET Core logs request addresses, and those
/// carry display links, sign-in links and the hub's <c>access_token</c>.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            inner.BeginScope(new RedactedState(state, message: null));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = SecretRedaction.Redact(formatter(state, exception));
            var shown = exception is not null && SecretRedaction.HasSecret(exception.ToString())
                ? new RedactedException(exception)
                : exception;
            inner.Log(logLevel, eventId, new RedactedState(state, message), shown, static (redacted, _) => redacted.ToString());
        }
    }

    /// <summary>A log state or scope whose text and values are read with secrets hidden, when a provider reads them.</summary>
    private sealed class RedactedState(object? state, string? message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly IReadOnlyList<KeyValuePair<string, object?>> _values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => Redacted(_values[index]);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < _values.Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message ?? SecretRedaction.Redact(state?.ToString() ?? "");

        private static KeyValuePair<string, object?> Redacted(KeyValuePair<string, object?> pair) => pair.Value switch
        {
            null => pair,
            string text => new(pair.Key, SecretRedaction.Redact(text)),
            var value when IsPlain(value) => pair,
            var value when value.ToString() is { } text && SecretRedaction.HasSecret(text) => new(pair.Key, SecretRedaction.Redact(text)),
            _ => pair,
        };

        // Numbers and the like hold no secret; anything else (a PathString, a Uri) is judged by its text.
        private static bool IsPlain(object value) =>
            value.GetType().IsPrimitive || value is Enum or decimal or DateTime or DateTimeOffset or TimeSpan or Guid;
    }

    /// <summary>Stands in for an exception whose message or stack mentions a secret: same type name and text, secrets hidden.</summary>
    private sealed class RedactedException(Exception original) : Exception(SecretRedaction.Redact($"{original.GetType().FullName}: {original.Message}"))
    {
        public override string? StackTrace => SecretRedaction.Redact(original.StackTrace ?? "");

        public override string ToString() => SecretRedaction.Redact(original.ToString());
    }
}
