using Grains.Hosting;
using Grains.Interfaces;
using Grains.Time;

namespace Grains.Units;

/// <summary>
/// The additive counts of a unit: a ring of the last 31 local days, the hours of the latest two days, the reports per
/// hour of the four weeks before them (<see cref="HourHistory"/>), totals, and the case figures of the latest month, in
/// all and per category. Deltas may arrive in any order: a bucket keeps the latest date it has seen, so a unit and the
/// sum of its children agree whatever the order.
/// </summary>
/// <remarks>
/// Days and hours are kept sparse, only the buckets that were ever touched, because most grids report on a few hours
/// of a few days and a dense ring costs 1.8 KB a unit: a day is its day number then its eight fields, an hour its slot
/// (its day's <see cref="TwoDays"/> slot times 24 plus the hour) then its four fields.
/// </remarks>
internal sealed class UnitCounters
{
    private const int DayCount = 31;
    private const int Fields = CountVector.Fields;
    private const int DayStride = 1 + Fields;
    private const int HourFields = 4;
    private const int HourStride = 1 + HourFields;

    private CountFields _total;

    // Made at the first case: most units of a big organisation see none.
    private MonthCaseFigures? _month;
    private MonthCategories? _categories;
    private int[] _days = [];
    private int _dayCount;

    // The hours of two days, a slot each (see TwoDays).
    private TwoDays _hoursDays;
    private int[] _hours = [];
    private int _hourCount;

    // Made when a day first leaves the two days' hours, or a delta comes too late for them: most units of a big
    // organisation have neither. An hour's reports may be split between a day still in the two days and the history
    // (a late delta); the hour's count is their sum.
    private HourHistory? _history;

    public void Apply(HourDelta delta)
    {
        var values = CountVector.From(delta.Counts);
        for (var i = 0; i < Fields; i++)
        {
            _total[i] += values[i];
        }

        ApplyDay(delta.Date, values);
        ApplyHour(delta.Date, delta.Hour, values);
    }

    public void Apply(MonthCaseDelta delta)
    {
        (_month ??= new()).Apply(delta);
        (_categories ??= new()).Apply(delta);
    }

    /// <summary>
    /// Adds what a child holds in all (<see cref="Export"/> of the child): the parent's sum after adding every child's
    /// contribution equals what it would have from all their deltas.
    /// </summary>
    public void Add(UnitContribution contribution)
    {
        var total = CountVector.From(contribution.Total);
        for (var i = 0; i < Fields; i++)
        {
            _total[i] += total[i];
        }

        foreach (var day in contribution.Days)
        {
            var values = CountVector.From(day.Counts);
            ApplyDay(day.Date, values);
        }

        foreach (var hour in contribution.Hours)
        {
            var values = CountVector.From(hour.Counts);
            ApplyHour(hour.Date, hour.Hour, values);
        }

        foreach (var delta in contribution.MonthCases)
        {
            Apply(delta);
        }

        foreach (var day in contribution.History)
        {
            for (var hour = 0; hour < day.Reports.Count; hour++)
            {
                AddToHistory(day.Date, hour, day.Reports[hour]);
            }
        }
    }

    /// <summary>Everything held, as <see cref="Add"/> takes it; live counts, version and epoch are the caller's.</summary>
    public UnitContribution Export(string unitId, LiveCounts live, long version, long epoch)
    {
        var days = new List<DayCounts>(_dayCount);
        for (var at = 0; at < _dayCount * DayStride; at += DayStride)
        {
            var values = new long[Fields];
            for (var i = 0; i < Fields; i++)
            {
                values[i] = _days[at + 1 + i];
            }

            days.Add(new DayCounts(DateOnly.FromDayNumber(_days[at]), CountVector.ToCounts(values)));
        }

        var hours = new List<HourDelta>(_hourCount);
        for (var at = 0; at < _hourCount * HourStride; at += HourStride)
        {
            var values = new long[Fields];
            values[CountField.Visits] = _hours[at + 1];
            values[CountField.CasesReported] = _hours[at + 2];
            values[CountField.Trainings] = _hours[at + 3];
            values[CountField.Events] = _hours[at + 4];
            hours.Add(new HourDelta(_hoursDays.DateOf(_hours[at] / 24), _hours[at] % 24, CountVector.ToCounts(values)));
        }

        return new UnitContribution(
            unitId, Total(), days, hours, _month?.Export(_categories!.Export()) ?? [], live, version, epoch, _history?.Export() ?? []);
    }

    public WindowCounts Today(DateOnly today) => SumDays(today, today);

    public WindowCounts Month(DateOnly today) => SumDays(LocalClock.FirstOfMonth(today), today);

    public WindowCounts Total() => CountVector.ToCounts((ReadOnlySpan<long>)_total);

    public CaseIndicators Cases(DateOnly today, LiveCounts live, EvaluationWeights weights) => MonthCaseFigures.Indicators(_month, today, live, weights);

    public IReadOnlyList<CategoryCount> Categories(DateOnly today) => _categories?.Of(today) ?? [];

    /// <summary>The snapshot of <paramref name="unit"/> as of <paramref name="now"/>, with its live counts and children.</summary>
    public UnitSnapshot Snapshot(
        Unit unit, long version, DateTimeOffset now, DateOnly today, LiveCounts live, IReadOnlyList<ChildSummary> children, EvaluationWeights weights)
    {
        return new UnitSnapshot(
            unit.Id,
            unit.Name,
            unit.Level,
            version,
            now,
            Today(today),
            Month(today),
            Total(),
            Cases(today, live, weights),
            live.Workers,
            Hourly(today),
            Daily(today),
            children,
            Categories(today),
            live.Alerts);
    }

    /// <summary>
    /// The report surge of <paramref name="hour"/> of <paramref name="today"/> by <paramref name="rule"/>: its reports
    /// against the average of the same hour over the <see cref="HourHistory.Days"/> days before; null when none.
    /// </summary>
    public ReportSurge? Surge(DateOnly today, int hour, SurgeOptions rule)
    {
        var reports = ReportsAt(today, hour);
        if (reports < rule.MinimumCount)
        {
            return null;
        }

        long before = 0;
        for (var days = 1; days <= HourHistory.Days; days++)
        {
            before += ReportsAt(today.AddDays(-days), hour);
        }

        var average = (double)before / HourHistory.Days;
        return rule.IsSurge(reports, average) ? new ReportSurge(today, hour, reports, average) : null;
    }

    /// <summary>The reports (visits, trainings, events and cases) of <paramref name="hour"/> of <paramref name="date"/>.</summary>
    public long ReportsAt(DateOnly date, int hour)
    {
        long reports = 0;
        if (_hoursDays.TryFind(date, out var day) && FindHour((day * 24) + hour) is var at and >= 0)
        {
            reports = _hours[at + 1] + _hours[at + 2] + _hours[at + 3] + _hours[at + 4];
        }

        return reports + (_history?.ReportsAt(date, hour) ?? 0);
    }

    public IReadOnlyList<HourBucket> Hourly(DateOnly today)
    {
        var buckets = new HourBucket[24];
        Array.Fill(buckets, new HourBucket(0, 0, 0, 0));
        if (_hoursDays.TryFind(today, out var day))
        {
            for (var at = 0; at < _hourCount * HourStride; at += HourStride)
            {
                if (_hours[at] / 24 == day)
                {
                    buckets[_hours[at] % 24] = new HourBucket(_hours[at + 1], _hours[at + 2], _hours[at + 3], _hours[at + 4]);
                }
            }
        }

        return buckets;
    }

    public IReadOnlyList<DayBucket> Daily(DateOnly today)
    {
        var first = today.AddDays(1 - DayCount);
        var buckets = new DayBucket[DayCount];
        for (var i = 0; i < DayCount; i++)
        {
            buckets[i] = new DayBucket(first.AddDays(i), 0, 0, 0, 0);
        }

        for (var at = 0; at < _dayCount * DayStride; at += DayStride)
        {
            var i = _days[at] - first.DayNumber;
            if (i is >= 0 and < DayCount)
            {
                var values = at + 1;
                buckets[i] = new DayBucket(
                    buckets[i].Date,
                    _days[values + CountField.Visits],
                    _days[values + CountField.CasesReported],
                    _days[values + CountField.Trainings],
                    _days[values + CountField.Events]);
            }
        }

        return buckets;
    }

    private void ApplyDay(DateOnly date, ReadOnlySpan<long> values)
    {
        var at = FindDay(date.DayNumber % DayCount);
        if (at < 0)
        {
            at = AddEntry(ref _days, ref _dayCount, DayStride, DayCount);
        }
        else if (_days[at] > date.DayNumber)
        {
            return;
        }
        else if (_days[at] < date.DayNumber)
        {
            Array.Clear(_days, at + 1, Fields);
        }

        _days[at] = date.DayNumber;
        for (var i = 0; i < Fields; i++)
        {
            _days[at + 1 + i] += (int)values[i];
        }
    }

    private void ApplyHour(DateOnly date, int hour, ReadOnlySpan<long> values)
    {
        var leaving = _hoursDays.HeldInSlotOf(date);
        if (!_hoursDays.TryTake(date, out var day, out var cleared))
        {
            // Too late for the two days: the day is history.
            AddToHistory(date, hour, values[CountField.Visits] + values[CountField.CasesReported] + values[CountField.Trainings] + values[CountField.Events]);
            return;
        }

        if (cleared)
        {
            MoveToHistory(day, leaving);
            RemoveHoursOf(day);
        }

        var slot = (day * 24) + hour;
        var at = FindHour(slot);
        if (at < 0)
        {
            at = AddEntry(ref _hours, ref _hourCount, HourStride, 2 * 24);
            _hours[at] = slot;
        }

        _hours[at + 1] += (int)values[CountField.Visits];
        _hours[at + 2] += (int)values[CountField.CasesReported];
        _hours[at + 3] += (int)values[CountField.Trainings];
        _hours[at + 4] += (int)values[CountField.Events];
    }

    private WindowCounts SumDays(DateOnly from, DateOnly to)
    {
        var sum = new long[Fields];
        for (var at = 0; at < _dayCount * DayStride; at += DayStride)
        {
            if (_days[at] < from.DayNumber || _days[at] > to.DayNumber)
            {
                continue;
            }

            for (var i = 0; i < Fields; i++)
            {
                sum[i] += _days[at + 1 + i];
            }
        }

        return CountVector.ToCounts(sum);
    }

    /// <summary>The position of the day held in this slot of the ring, or -1.</summary>
    private int FindDay(int slot)
    {
        for (var at = 0; at < _dayCount * DayStride; at += DayStride)
        {
            if (_days[at] % DayCount == slot)
            {
                return at;
            }
        }

        return -1;
    }

    private int FindHour(int slot)
    {
        for (var at = 0; at < _hourCount * HourStride; at += HourStride)
        {
            if (_hours[at] == slot)
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>Adds the reports of each hour of two days' slot <paramref name="day"/>, which held <paramref name="date"/>, to the history.</summary>
    private void MoveToHistory(int day, DateOnly date)
    {
        for (var at = 0; at < _hourCount * HourStride; at += HourStride)
        {
            if (_hours[at] / 24 == day)
            {
                AddToHistory(date, _hours[at] % 24, _hours[at + 1] + _hours[at + 2] + _hours[at + 3] + _hours[at + 4]);
            }
        }
    }

    private void AddToHistory(DateOnly date, int hour, long reports)
    {
        if (reports == 0)
        {
            return;
        }

        var latest = _hoursDays.Latest;
        (_history ??= new()).Add(date, hour, reports, latest > date ? latest : date);
    }

    private void RemoveHoursOf(int day)
    {
        var kept = 0;
        for (var at = 0; at < _hourCount * HourStride; at += HourStride)
        {
            if (_hours[at] / 24 != day)
            {
                Array.Copy(_hours, at, _hours, kept * HourStride, HourStride);
                kept++;
            }
        }

        Array.Clear(_hours, kept * HourStride, (_hourCount - kept) * HourStride);
        _hourCount = kept;
    }

    /// <summary>Appends a zeroed entry, growing the array by doubling up to <paramref name="most"/> entries; returns its position.</summary>
    private static int AddEntry(ref int[] entries, ref int count, int stride, int most)
    {
        if ((count + 1) * stride > entries.Length)
        {
            Array.Resize(ref entries, Math.Min(Math.Max(count * 2, 1), most) * stride);
        }

        count++;
        return (count - 1) * stride;
    }
}
