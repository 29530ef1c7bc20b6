namespace Benchmark;

/// <summary>
/// A scenario ran, but its figures do not measure the server, such as when the load generator was saturated (issue
/// 10): they are kept for diagnosis and shown as invalid, never as a target held or missed.
/// </summary>
internal sealed class InvalidMeasurementException(string reason) : Exception(reason);
