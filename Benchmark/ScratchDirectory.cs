namespace Benchmark;

/// <summary>A fresh temporary directory for one scenario (data directory, scripts, files); deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bench-").FullName;

    /// <summary>A path inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
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
