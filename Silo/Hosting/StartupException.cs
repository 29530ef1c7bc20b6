namespace Silo.Hosting;

/// <summary>A start-up setting that cannot be used; the message (Chinese, then English) says what to do.</summary>
public sealed class StartupException(string message) : Exception(message);
