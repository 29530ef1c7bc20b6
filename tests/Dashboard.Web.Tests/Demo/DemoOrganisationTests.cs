using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Tests.Demo;

public sealed class DemoOrganisationTests
{
    private static readonly string DemoFile = Path.Combine(AppContext.BaseDirectory, "Demo", "organisation.json");

    [Fact]
    public void The_shipped_demo_organisation_is_the_west_coast_new_area_with_the_streets_of_the_spec()
    {
        var tree = OrganisationTree.Load(DemoFile);

        Assert.Equal("青岛西海岸新区", tree.Root.Name);
        Assert.Equal(UnitLevel.District, tree.Root.Level);
        Assert.Equal(
            ["黄岛街道", "长江路街道", "滨海街道", "辛安街道", "王台街道", "灵山卫街道", "隐珠街道", "薛家岛街道", "张家楼街道", "藏马镇", "大场镇", "泊里镇"],
            tree.ChildrenOf(tree.Root.Id).Select(street => street.Name));
    }

    [Theory]
    [InlineData("黄岛街道", 29)]
    [InlineData("灵山卫街道", 20)]
    public void Streets_with_a_known_size_have_that_many_communities(string street, int communities)
    {
        var tree = OrganisationTree.Load(DemoFile);

        Assert.Equal(communities, tree.ChildrenOf(StreetNamed(tree, street).Id).Count);
    }

    [Theory]
    [InlineData("长江路街道", "富春江路社区")]
    [InlineData("王台街道", "石梁社区")]
    [InlineData("王台街道", "薛家庄社区")]
    [InlineData("灵山卫街道", "承恩门社区")]
    [InlineData("隐珠街道", "世纪新村第一社区")]
    [InlineData("隐珠街道", "月亮湾路社区")]
    [InlineData("薛家岛街道", "罗浮山路社区")]
    [InlineData("张家楼街道", "达尼村")]
    [InlineData("泊里镇", "沐官岛社区")]
    [InlineData("泊里镇", "棋子湾村")]
    public void Communities_named_in_the_spec_sit_under_their_street(string street, string community)
    {
        var tree = OrganisationTree.Load(DemoFile);

        Assert.Contains(community, tree.ChildrenOf(StreetNamed(tree, street).Id).Select(unit => unit.Name));
    }

    [Fact]
    public void Every_community_has_three_to_eight_grids_each_with_one_or_two_workers()
    {
        var tree = OrganisationTree.Load(DemoFile);
        var communities = tree.Units.Where(unit => unit.Level == UnitLevel.Community).ToList();

        Assert.All(communities, community => Assert.InRange(tree.ChildrenOf(community.Id).Count, 3, 8));
        Assert.All(tree.Grids, grid => Assert.InRange(tree.WorkersOf(grid.Id).Count, 1, 2));
        Assert.Contains(tree.Grids, grid => tree.WorkersOf(grid.Id).Count == 2);
        Assert.True(
            tree.Grids.Count(grid => tree.WorkersOf(grid.Id).Count == 2) < tree.Grids.Count / 5,
            "only a few grids have two workers");
    }

    [Fact]
    public void Worker_names_are_chinese_names_of_two_or_three_characters()
    {
        var tree = OrganisationTree.Load(DemoFile);

        Assert.All(tree.Workers, worker =>
        {
            Assert.InRange(worker.Name.Length, 2, 3);
            Assert.All(worker.Name, character => Assert.InRange(character, '\u4e00', '\u9fff'));
        });
    }

    private static Unit StreetNamed(OrganisationTree tree, string name) =>
        tree.ChildrenOf(tree.Root.Id).Single(street => street.Name == name);
}
