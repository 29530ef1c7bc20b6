namespace Grains.Reporting;

/// <summary>The evaluation's settings, section <c>Evaluation</c> of the configuration (issue 12, section 2).</summary>
public sealed class EvaluationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Evaluation";

    /// <summary>The weights of the score (综合指标值); they must sum to 100. Default 60 / 30 / 10.</summary>
    public EvaluationWeights Weights { get; set; } = new();
}

/// <summary>The weights of the score: 按期结案率, 结案率 and (1 − 返工率); each at least 0, together 100.</summary>
public sealed class EvaluationWeights
{
    /// <summary>The weight of the on-time closure rate (按期结案率). Default 60.</summary>
    public double OnTime { get; set; } = 60;

    /// <summary>The weight of the closure rate (结案率). Default 30.</summary>
    public double Closure { get; set; } = 30;

    /// <summary>The weight of one minus the rework rate (1 − 返工率). Default 10.</summary>
    public double Rework { get; set; } = 10;

    /// <summary>True when every weight is at least 0 and they sum to 100.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsValid => OnTime >= 0 && Closure >= 0 && Rework >= 0 && Math.Abs(OnTime + Closure + Rework - 100) < 1e-9;
}
