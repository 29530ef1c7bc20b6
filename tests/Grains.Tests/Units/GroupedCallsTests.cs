using Grains.Interfaces;
using Grains.Units;

namespace Grains.Tests.Units;

/// <summary>
/// The tests run the calls off xunit's synchronization context, and the target settles its calls inline, so each step
/// happens before the test's next line, as in a grain.
/// </summary>
public sealed class GroupedCallsTests
{
    [Fact]
    public Task Updates_made_while_a_call_is_out_go_together_in_the_next_call_in_order() => Task.Run(async () =>
    {
        // Arrange: a parent that answers each call only when the test says so.
        var parent = new HeldParent();
        var link = new GroupedCalls<UnitUpdate>(parent);

        // Act
        var first = link.SendAsync(Update(1));
        var second = link.SendAsync(Update(2));
        var third = link.SendAsync(Update(3));

        // Assert: one call out, with the first update; the others wait for it.
        Assert.Equal([[1L]], parent.Versions);
        Assert.False(first.IsCompleted);

        parent.Answer(0);
        await first;
        Assert.False(second.IsCompleted);
        Assert.Equal([[1L], [2L, 3L]], parent.Versions);

        parent.Answer(1);
        await Task.WhenAll(second, third);
        Assert.Equal(2, parent.Versions.Count);
    });

    [Fact]
    public Task A_failed_call_fails_only_the_updates_it_carried_and_the_next_ones_still_go() => Task.Run(async () =>
    {
        // Arrange
        var parent = new HeldParent();
        var link = new GroupedCalls<UnitUpdate>(parent);
        var first = link.SendAsync(Update(1));
        var second = link.SendAsync(Update(2));

        // Act
        parent.Fail(0, new TimeoutException("parent gone"));

        // Assert
        await Assert.ThrowsAsync<TimeoutException>(() => first);
        Assert.Equal([[1L], [2L]], parent.Versions);
        parent.Answer(1);
        await second;

        var third = link.SendAsync(Update(3));
        Assert.Equal([[1L], [2L], [3L]], parent.Versions);
        parent.Answer(2);
        await third;
    });

    [Fact]
    public Task Sent_completes_once_the_call_carrying_the_last_item_sent_before_it_is_answered() => Task.Run(async () =>
    {
        // Arrange: one call out, two items queued behind it.
        var parent = new HeldParent();
        var link = new GroupedCalls<UnitUpdate>(parent);
        Assert.True(link.SentAsync().IsCompleted);
        _ = link.SendAsync(Update(1));
        _ = link.SendAsync(Update(2));

        // Act
        var sent = link.SentAsync();

        // Assert: not when the first call is answered, only when the one carrying the second item is.
        parent.Answer(0);
        Assert.Equal([[1L], [2L]], parent.Versions);
        Assert.False(sent.IsCompleted);
        var later = link.SendAsync(Update(3));
        parent.Answer(1);
        await sent;
        Assert.False(later.IsCompleted);
        Assert.False(link.SentAsync().IsCompleted);
        parent.Answer(2);
        await link.SentAsync();
    });

    private static UnitUpdate Update(long version) => new("g1", [], [], LiveCounts.Empty, version, 1);

    /// <summary>Records each call and holds its answer until the test gives it; giving it runs the link on inline.</summary>
    private sealed class HeldParent : GroupedCalls<UnitUpdate>.ITarget
    {
        private readonly List<(IReadOnlyList<UnitUpdate> Updates, TaskCompletionSource Answer)> _calls = [];

        public List<long[]> Versions => [.. _calls.Select(call => call.Updates.Select(update => update.Version).ToArray())];

        public Task CallAsync(IReadOnlyList<UnitUpdate> updates)
        {
            var answer = new TaskCompletionSource();
            _calls.Add((updates, answer));
            return answer.Task;
        }

        public void Answer(int call) => _calls[call].Answer.SetResult();

        public void Fail(int call, Exception exception) => _calls[call].Answer.SetException(exception);
    }
}
