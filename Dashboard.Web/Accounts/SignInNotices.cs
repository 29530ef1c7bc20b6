namespace Dashboard.Web.Accounts;

/// <summary>The ways in that start-up prints beside the address: links whose secrets exist only now, or how to get new ones.</summary>
public sealed class SignInNotices
{
    private readonly Lock _gate = new();
    private readonly List<Notice> _notices = [];

    /// <summary>The notices, in the order they were added.</summary>
    public IReadOnlyList<Notice> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _notices];
            }
        }
    }

    /// <summary>Adds a notice; <paramref name="path"/>, when given, is printed after the server's address.</summary>
    public void Add(string chinese, string english, string? path = null)
    {
        lock (_gate)
        {
            _notices.Add(new Notice(chinese, english, path));
        }
    }

    /// <summary>One notice: its Chinese and English line and an optional path on the server.</summary>
    public sealed record Notice(string Chinese, string English, string? Path);
}
