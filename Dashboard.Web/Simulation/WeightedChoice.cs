namespace Dashboard.Web.Simulation;

/// <summary>Picks one of a fixed set of values with the given relative weights.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public WeightedChoice(params (T Value, double Weight)[] choices)
    {
        _values = [.. choices.Select(choice => choice.Value)];
        _cumulative = new double[choices.Length];
        var total = 0.0;
        for (var i = 0; i < choices.Length; i++)
        {
            total += choices[i].Weight;
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<T> Values => _values;

    public T Pick(Random random)
    {
        var point = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, point);
        index = index < 0 ? ~index : index + 1;
        return _values[Math.Min(index, _values.Length - 1)];
    }
}
