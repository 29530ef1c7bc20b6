using Grains.Hosting;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Time;
using Grains.Units;
using Microsoft.Extensions.Options;

namespace Grains.Tests.Units;

public sealed class GridLiveTests
{
    private const string File = """
        {
          "id": "xihaian", "name": "青岛西海岸新区", "level": "district",
          "children": [
            { "id": "huangdao", "name": "黄岛街道", "level": "street", "children": [
              { "id": "huangdao-c01", "name": "黄岛街道第一社区", "level": "community", "children": [
                { "id": "huangdao-c01-g1", "name": "第一网格", "level": "grid", "workers": [ { "id": "w0001", "name": "张伟" } ] },
                { "id": "huangdao-c01-g2", "name": "第二网格", "level": "grid", "workers": [ { "id": "w0002", "name": "王芳" } ] }
              ] }
            ] }
          ]
        }
        """;

    private static readonly DateTimeOffset Now = new(2026, 3, 15, 2, 0, 0, TimeSpan.Zero);

    private readonly LocalClock _clock = new(TimeProvider.System, Options.Create(new GridPulseOptions()));
    private readonly OrganisationTree _organisation = OrganisationTree.Parse(File, "organisation.json");

    [Fact]
    public void Grids_without_cases_whose_workers_are_present_alike_share_their_live_counts()
    {
        // Arrange
        WorkerRecord[] first = [Seen("w0001", Now.AddMinutes(-1))];
        WorkerRecord[] second = [Seen("w0002", Now.AddMinutes(-2))];

        // Act
        var firstLive = GridLive.At(Now, _clock, null, first, _organisation, "huangdao-c01-g1", null);
        var secondLive = GridLive.At(Now, _clock, null, second, _organisation, "huangdao-c01-g2", null);

        // Assert
        Assert.Same(firstLive, secondLive);
        Assert.Equal(new WorkerCounts(1, 0, 0, 0, 1), firstLive.Workers);
        Assert.Same(LateCases.None, firstLive.Late);
        Assert.Same(UnitAlerts.None, firstLive.Alerts);
    }

    [Fact]
    public void Grids_whose_workers_are_present_differently_have_their_own_live_counts()
    {
        // Arrange
        WorkerRecord[] onDuty = [Seen("w0001", Now.AddMinutes(-1))];
        WorkerRecord[] offline = [new(new Worker("w0002", "王芳", "huangdao-c01-g2"))];

        // Act
        var onDutyLive = GridLive.At(Now, _clock, null, onDuty, _organisation, "huangdao-c01-g1", null);
        var offlineLive = GridLive.At(Now, _clock, null, offline, _organisation, "huangdao-c01-g2", null);

        // Assert
        Assert.Equal(new WorkerCounts(1, 0, 0, 0, 1), onDutyLive.Workers);
        Assert.Equal(new WorkerCounts(0, 0, 0, 1, 1), offlineLive.Workers);
    }

    private static WorkerRecord Seen(string workerId, DateTimeOffset at)
    {
        var record = new WorkerRecord(new Worker(workerId, workerId, "huangdao-c01-g1"));
        record.Seen(at);
        return record;
    }
}
