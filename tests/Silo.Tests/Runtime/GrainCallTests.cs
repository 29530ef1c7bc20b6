using Microsoft.Extensions.DependencyInjection;
using Silo.Hosting;

namespace Silo.Tests.Runtime;

public sealed class GrainCallTests
{
    [Fact]
    public async Task An_exception_reaches_the_caller_with_its_type_and_the_activation_keeps_its_state()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());
        var grain = silo.Grains.GetGrain<ICounterGrain>("c1");
        await grain.IncrementAsync();
        await grain.IncrementAsync();

        var exception = await Assert.ThrowsAsync<CounterRefusedException>(grain.FailAsync);

        Assert.Equal("不接受", exception.Message);
        Assert.Equal(2, await grain.GetAsync());
        Assert.Equal(1, silo.Probe.Count("constructed", "c1"));
    }

    [Fact]
    public async Task A_failing_activation_reaches_the_caller_and_the_next_call_activates_afresh()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<FlakyGrain>());
        var grain = silo.Grains.GetGrain<IFlakyGrain>("f1");

        await Assert.ThrowsAsync<TimeoutException>(grain.GetActivationAttemptAsync);
        var attempt = await grain.GetActivationAttemptAsync();

        Assert.Equal(2, attempt);
        Assert.Equal(2, await grain.GetActivationAttemptAsync());
        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task A_constructor_exception_reaches_the_caller_unwrapped_and_leaves_no_activation()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<FragileGrain>());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(silo.Grains.GetGrain<IFragileGrain>("bad-1").PingAsync);
        await silo.Grains.GetGrain<IFragileGrain>("good-1").PingAsync();

        Assert.Equal(1, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task ValueTask_methods_return_results_and_complete()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());
        var grain = silo.Grains.GetGrain<ICounterGrain>("c1");

        await grain.AddAsync(5);
        await grain.AddAsync(2);

        Assert.Equal(7, await grain.GetValueAsync());
    }

    [Fact]
    public async Task A_grain_knows_its_key_and_calls_other_grains_through_its_factory()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());
        await silo.Grains.GetGrain<ICounterGrain>("other").AddAsync(3);

        var key = await silo.Grains.GetGrain<ICounterGrain>("网格-01").GetKeyAsync();
        var otherCount = await silo.Grains.GetGrain<ICounterGrain>("c1").GetOtherCountAsync("other");

        Assert.Equal("网格-01", key);
        Assert.Equal(3, otherCount);
    }

    [Fact]
    public async Task A_reference_cast_to_a_base_interface_reaches_the_same_activation()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<SquareGrain>().AddGrain<CircleGrain>());
        var square = silo.Grains.GetGrain<ISquareGrain>("s1");
        IShapeGrain shape = silo.Grains.GetGrain<ISquareGrain>("s1");

        await square.CountCallsAsync();
        var calls = await shape.CountCallsAsync();

        Assert.Equal(2, calls);
        Assert.Equal("square", await shape.DescribeAsync());
        Assert.Equal(1, silo.Runtime.ActivationCount);
        Assert.Equal(square, shape);
    }

    [Fact]
    public async Task An_interface_implemented_by_several_classes_cannot_be_asked_for()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<SquareGrain>().AddGrain<CircleGrain>());

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<IShapeGrain>("s1"));

        Assert.Contains("IShapeGrain", exception.Message, StringComparison.Ordinal);
        Assert.Contains("CircleGrain", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SquareGrain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interface_no_registered_class_implements_cannot_be_asked_for()
    {
        await using var silo = await TestSilo.StartAsync(b => b.AddGrain<CounterGrain>());

        var exception = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<ISquareGrain>("s1"));

        Assert.Contains("ISquareGrain", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_interface_method_that_does_not_return_a_task_fails_registration()
    {
        var services = new ServiceCollection();

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddSilo(b => b.AddGrain<BadGrain>()));

        Assert.Contains("IBadGrain.CountNow", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Task", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanning_an_assembly_fails_on_a_grain_with_a_bad_interface()
    {
        var services = new ServiceCollection();

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddSilo(b => b.AddGrains(typeof(BadGrain).Assembly)));

        Assert.Contains("IBadGrain.CountNow", exception.Message, StringComparison.Ordinal);
    }
}
