using Grains.Interfaces;

namespace Grains.Units;

/// <summary>
/// <see cref="WindowCounts"/> as an array of its eight fields, in declaration order, for summing deltas.
/// </summary>
internal static class CountVector
{
    public const int Fields = 8;

    public static WindowCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The fields of <paramref name="c"/>, inline: applying a delta allocates nothing.</summary>
    public static CountFields From(WindowCounts c)
    {
        var fields = default(CountFields);
        fields[CountField.Visits] = c.Visits;
        fields[CountField.Households] = c.Households;
        fields[CountField.Trainings] = c.Trainings;
        fields[CountField.TrainingParticipants] = c.TrainingParticipants;
        fields[CountField.Events] = c.Events;
        fields[CountField.EventParticipants] = c.EventParticipants;
        fields[CountField.CasesReported] = c.CasesReported;
        fields[CountField.CasesClosed] = c.CasesClosed;
        return fields;
    }

    public static WindowCounts ToCounts(long[] v) => ToCounts((ReadOnlySpan<long>)v);

    public static WindowCounts ToCounts(ReadOnlySpan<long> v) => new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);

    public static bool IsZero(long[] v) => Array.TrueForAll(v, x => x == 0);
}

/// <summary>Field positions of <see cref="WindowCounts"/> in a count vector.</summary>
internal static class CountField
{
    public const int Visits = 0;
    public const int Households = 1;
    public const int Trainings = 2;
    public const int TrainingParticipants = 3;
    public const int Events = 4;
    public const int EventParticipants = 5;
    public const int CasesReported = 6;
    public const int CasesClosed = 7;
}

/// <summary>A count vector held inline in its owner: no array object, no reference.</summary>
[System.Runtime.CompilerServices.InlineArray(CountVector.Fields)]
internal struct CountFields
{
    private long _element;
}

/// <summary>Two days of a count vector, as ints, held inline in their owner.</summary>
[System.Runtime.CompilerServices.InlineArray(2 * CountVector.Fields)]
internal struct TwoDayCounts
{
    private int _element;
}
