using Grains.Cases;
using Grains.Hosting;
using Grains.Interfaces;

namespace Grains.Tests.Cases;

public sealed class CaseEvaluationTests
{
    private static readonly LiveCounts Live = LiveCounts.Empty;

    [Fact]
    public void The_score_weighs_on_time_closure_and_rework_as_configured()
    {
        // 8 due: 6 closed, 4 of them on time, 2 sent back, 1 extended.
        var due = new DueCases(8, 6, 4, 2, 1);

        var standard = CaseEvaluation.Indicators(Live, due, 3, new EvaluationWeights());
        var onTimeOnly = CaseEvaluation.Indicators(Live, due, 3, new EvaluationWeights { OnTime = 100, Closure = 0, Rework = 0 });

        Assert.Equal(new CaseIndicators(0, 0, 0, 8, 0.75, 0.5, 0.25, 0.125, 3, (0.5 * 60) + (0.75 * 30) + (0.75 * 10)), standard);
        Assert.Equal(50, onTimeOnly.Score);
    }

    [Fact]
    public void Late_cases_add_to_the_due_cases_and_to_their_rework_and_extensions_but_never_to_the_closed()
    {
        var sum = new DueCases(2, 2, 1, 0, 0) + DueCases.Of(new LateCases(2, 1, 1));

        Assert.Equal(new DueCases(4, 2, 1, 1, 1), sum);
    }

    [Theory]
    [InlineData(60, 30, 10, true)]
    [InlineData(100, 0, 0, true)]
    [InlineData(33.5, 33.25, 33.25, true)]
    [InlineData(70, 30, 10, false)]
    [InlineData(60, 30, 9, false)]
    [InlineData(110, -10, 0, false)]
    [InlineData(double.NaN, 30, 10, false)]
    public void Weights_are_valid_when_none_is_negative_and_they_sum_to_100(double onTime, double closure, double rework, bool valid) =>
        Assert.Equal(valid, new EvaluationWeights { OnTime = onTime, Closure = closure, Rework = rework }.AreValid());
}
