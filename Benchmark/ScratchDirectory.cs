namespace Benchmark;

/// <summary>
/// A fresh temporary directory for one scenario (data directory, scripts, files); deleted on dispose, or by
/// <see cref="ChildProcesses"/> when the benchmark is stopped by a signal.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private readonly IDisposable _registration;

    public ScratchDirectory() => _registration = ChildProcesses.Register(Delete);

    public string Path { get; } = Directory.CreateTempSubdirectory("bench-").FullName;

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        Delete();
        _registration.Dispose();
    }

    private void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server that was killed may still hold a file for a moment; the temporary directory is the system's to clean.
        }
    }
}
