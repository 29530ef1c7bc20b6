namespace Grains.Hosting;

/// <summary>The case evaluation (综合评价, spec 2.3), section <c>Evaluation</c> of the configuration.</summary>
public sealed class EvaluationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Evaluation";

    /// <summary>The weights of the score (综合指标值); they sum to 100. Default 60, 30, 10.</summary>
    public EvaluationWeights Weights { get; set; } = new();
}

/// <summary>
/// The weights of the score (综合指标值, 0 to 100) = on-time rate × <see cref="OnTime"/> + closure rate ×
/// <see cref="Closure"/> + (1 − rework rate) × <see cref="Rework"/>: each at least 0, together 100.
/// </summary>
public sealed class EvaluationWeights
{
    /// <summary>The weight of the on-time closure rate (按期结案率). Default 60.</summary>
    public double OnTime { get; set; } = 60;

    /// <summary>The weight of the closure rate (结案率). Default 30.</summary>
    public double Closure { get; set; } = 30;

    /// <summary>The weight of the share of due cases never sent back (1 − 返工率). Default 10.</summary>
    public double Rework { get; set; } = 10;

    /// <summary>Whether each weight is a number of at least 0 and together they make 100 (to a millionth).</summary>
    public bool AreValid() =>
        double.IsFinite(OnTime) && double.IsFinite(Closure) && double.IsFinite(Rework)
        && OnTime >= 0 && Closure >= 0 && Rework >= 0
        && Math.Abs(OnTime + Closure + Rework - 100) < 1e-6;
}
