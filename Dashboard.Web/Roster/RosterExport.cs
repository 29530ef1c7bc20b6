using System.Text;
using Dashboard.Web.Apis;
using Grains.Organisation;

namespace Dashboard.Web.Roster;

/// <summary>
/// The organisation, or a subtree of it, as a roster (花名册) in the columns an import reads: one row per worker, a grid
/// without workers as a row of its own, grids in tree order; phones included (an administrator's download only).
/// Importing it plans nothing.
/// </summary>
public sealed class RosterExport
{
    private RosterExport(string fileStem, BulletinSheet table)
    {
        FileStem = fileStem;
        Table = table;
    }

    /// <summary>The file name without extension: <c>黄岛街道-花名册</c>.</summary>
    public string FileStem { get; }

    /// <summary>The header and the rows.</summary>
    public BulletinSheet Table { get; }

    /// <summary>The roster of <paramref name="unitId"/>'s subtree, or null for an unknown unit.</summary>
    public static RosterExport? Of(OrganisationTree tree, string unitId, bool english)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        var rows = new List<IReadOnlyList<object?>>();
        foreach (var grid in tree.GridsUnder(unitId))
        {
            var path = tree.PathOf(grid.Id);
            var workers = tree.WorkersOf(grid.Id);
            if (workers.Count == 0)
            {
                rows.Add([path[0], path[1], path[2], null, null, null]);
            }

            foreach (var worker in workers)
            {
                rows.Add([path[0], path[1], path[2], worker.Name, worker.Id, tree.PhoneOf(worker.Id)]);
            }
        }

        var header = RosterColumns.All.Select(column => RosterColumns.HeaderOf(column, english)).ToList();
        var name = english ? "roster" : "花名册";
        return new RosterExport($"{unit.Name}-{name}", new BulletinSheet(name, header, rows));
    }

    /// <summary>RFC 4180 CSV (<see cref="CsvText"/>): the header, then the rows.</summary>
    public byte[] ToCsv()
    {
        var text = new StringBuilder();
        CsvText.AppendLine(text, Table.Header);
        foreach (var row in Table.Rows)
        {
            CsvText.AppendLine(text, row);
        }

        return CsvText.ToBytes(text);
    }

    /// <summary>A workbook of one sheet, its first row the header.</summary>
    public byte[] ToXlsx() => BulletinDocument.Workbook([Table]);
}
