using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Benchmark;

/// <summary>Reads the facts of the machine the benchmark runs on.</summary>
internal static class Machine
{
    public static async Task<MachineFacts> ReadAsync(string repositoryRoot) => new(
        Environment.ProcessorCount,
        MemoryBytes(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        await CommitAsync(repositoryRoot),
        DateTimeOffset.UtcNow);

    private static long MemoryBytes()
    {
        const string MemInfo = "/proc/meminfo";
        if (File.Exists(MemInfo))
        {
            var line = File.ReadLines(MemInfo).FirstOrDefault(line => line.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line["MemTotal:".Length..].Trim().Split(' ')[0], out var kibibytes))
            {
                return kibibytes * 1024;
            }
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static async Task<string?> CommitAsync(string repositoryRoot)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["rev-parse", "--short", "HEAD"])
            {
                WorkingDirectory = repositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var commit = (await git.StandardOutput.ReadToEndAsync()).Trim();
            await git.WaitForExitAsync();
            return git.ExitCode == 0 && commit.Length > 0 ? commit : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: the figures go without a commit.
            return null;
        }
    }
}
