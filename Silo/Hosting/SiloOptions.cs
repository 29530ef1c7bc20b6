namespace Silo.Hosting;

/// <summary>Settings of the grain runtime, section <c>Silo</c> of the configuration.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>
    /// How long an activation may stay idle (no calls; timer ticks don't count) before the collector deactivates it.
    /// A grain class overrides it with <see cref="CollectionAgeLimitAttribute"/>. Default 15 minutes.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);
}
