using System.Globalization;
using System.Text.RegularExpressions;
using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Roster;

/// <summary>A problem of a roster: the row as the spreadsheet numbers it, the column's header, and what is wrong.</summary>
public sealed record RosterProblem(int Row, string Column, string Message);

/// <summary>What a roster adds and changes: new streets, communities, grids and workers, workers moved, workers updated.</summary>
public sealed record RosterSummary(int Streets, int Communities, int Grids, int Workers, int Moves, int Updates);

/// <summary>
/// What importing a roster (花名册) would do to the organisation (issue 13, section 1): its problems, by row and column,
/// or the operations of the one change that makes the organisation hold every row. One row is one worker of a grid (or
/// a grid without a worker); street, community and grid are matched by name under their parent and added when missing,
/// with ids in the demo's convention (<c>s01</c>, <c>s01-c01</c>, <c>s01-c01-g1</c>); workers are matched by 工号 (their
/// id) and added, moved or updated. An import never retires anything: workers of the roster's grids missing from it are
/// listed as notices. Pure: the same sheet and tree plan the same operations.
/// </summary>
public sealed partial class RosterPlan
{
    /// <summary>The most rows a roster may have below its header.</summary>
    public const int MaxRows = 20_000;

    /// <summary>The longest name of a unit or a worker.</summary>
    public const int NameLength = 64;

    /// <summary>How many rows from the top a header may be looked for (a title above it is common).</summary>
    private const int HeaderSearchRows = 10;

    private RosterPlan(
        IReadOnlyList<RosterProblem> problems,
        IReadOnlyList<OrganisationOperation> operations,
        IReadOnlyList<int> operationRows,
        RosterSummary summary,
        IReadOnlyList<string> notices)
    {
        Problems = problems;
        Operations = operations;
        OperationRows = operationRows;
        Summary = summary;
        Notices = notices;
    }

    /// <summary>What is wrong, row by row; when there is anything, there are no operations.</summary>
    public IReadOnlyList<RosterProblem> Problems { get; }

    /// <summary>The operations of the change, in the order they apply: a unit before what goes in it.</summary>
    public IReadOnlyList<OrganisationOperation> Operations { get; }

    /// <summary>The sheet row each operation comes from, to say where a problem of the change lies.</summary>
    public IReadOnlyList<int> OperationRows { get; }

    /// <summary>The counts of <see cref="Operations"/>.</summary>
    public RosterSummary Summary { get; }

    /// <summary>What the import leaves alone but the user should know: workers of the roster's grids it does not list.</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>Plans <paramref name="sheet"/> against <paramref name="tree"/>; messages in English when <paramref name="english"/>.</summary>
    public static RosterPlan Of(RosterSheet sheet, OrganisationTree tree, bool english)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(tree);
        var text = new Texts(english);
        var rows = Read(sheet, text, out var problems, out var hasPhone);
        return problems.Count > 0
            ? new RosterPlan(problems, [], [], new RosterSummary(0, 0, 0, 0, 0, 0), [])
            : new Planner(tree, hasPhone, text).Plan(rows);
    }

    /// <summary>Finds the header and reads the rows below it, collecting every problem.</summary>
    private static List<RosterRow> Read(RosterSheet sheet, Texts text, out List<RosterProblem> problems, out bool hasPhone)
    {
        problems = [];
        hasPhone = false;
        var headerIndex = FindHeader(sheet.Rows);
        if (headerIndex < 0)
        {
            problems.Add(new(1, "", text["文件是空的", "the file is empty"]));
            return [];
        }

        var header = sheet.Rows[headerIndex];
        var headerRow = headerIndex + 1;
        var columns = new Dictionary<RosterColumn, int>();
        var headers = new string[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            headers[i] = header[i];
            if (header[i].Length == 0)
            {
                continue;
            }

            if (RosterColumns.Find(header[i]) is not { } column)
            {
                problems.Add(new(headerRow, header[i], text.UnknownHeader()));
            }
            else if (!columns.TryAdd(column, i))
            {
                problems.Add(new(headerRow, header[i], text["表头重复", "the header appears twice"]));
            }
        }

        foreach (var column in RosterColumns.All.Where(column => RosterColumns.IsRequired(column) && !columns.ContainsKey(column)))
        {
            problems.Add(new(headerRow, text.Header(column), text["缺少这一列", "this column is missing"]));
        }

        hasPhone = columns.ContainsKey(RosterColumn.Phone);
        var dataRows = sheet.Rows.Count - headerIndex - 1;
        if (problems.Count > 0)
        {
            return [];
        }

        if (dataRows > MaxRows)
        {
            problems.Add(new(headerRow + MaxRows + 1, "", text.TooManyRows()));
            return [];
        }

        var rows = new List<RosterRow>();
        var rules = new RowRules(problems, text, headers, columns);
        for (var index = headerIndex + 1; index < sheet.Rows.Count; index++)
        {
            if (rules.Read(index + 1, sheet.Rows[index]) is { } row)
            {
                rows.Add(row);
            }
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(headerRow + 1, "", text["表头下面没有任何一行", "there are no rows below the header"]));
        }

        return rows;
    }

    /// <summary>The index of the header row: the first of the top rows naming two columns, else the first non-empty row; -1 when all are empty.</summary>
    private static int FindHeader(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        for (var i = 0; i < Math.Min(rows.Count, HeaderSearchRows); i++)
        {
            if (rows[i].Count(cell => RosterColumns.Find(cell) is not null) >= 2)
            {
                return i;
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Any(cell => cell.Length > 0))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}\z")]
    private static partial Regex EmployeeNoPattern();

    [GeneratedRegex(@"^1\d{10}\z")]
    private static partial Regex PhonePattern();

    /// <summary>One valid row: its place in the sheet and its cells (worker fields null for a grid without a worker).</summary>
    private sealed record RosterRow(int Row, string Street, string Community, string Grid, string? Name, string? EmployeeNo, string? Phone);

    /// <summary>The rules of one row, and of rows together: 工号 once per file, a community under one street.</summary>
    private sealed class RowRules(List<RosterProblem> problems, Texts text, string[] headers, Dictionary<RosterColumn, int> columns)
    {
        private readonly Dictionary<string, int> _employeeRows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (string Street, int Row)> _communityStreets = new(StringComparer.Ordinal);

        public RosterRow? Read(int row, IReadOnlyList<string> cells)
        {
            if (cells.All(cell => cell.Length == 0))
            {
                return null;
            }

            var before = problems.Count;
            foreach (var (index, cell) in cells.Index())
            {
                if (cell.Length > 0 && (index >= headers.Length || headers[index].Length == 0))
                {
                    problems.Add(new(row, ColumnLetter(index), text["这一列没有表头", "this column has no header"]));
                }
            }

            var street = Name(row, cells, RosterColumn.Street);
            var community = Name(row, cells, RosterColumn.Community);
            var grid = Name(row, cells, RosterColumn.Grid);
            var employeeNo = Cell(cells, RosterColumn.EmployeeNo);
            var workerName = Cell(cells, RosterColumn.Name);
            var hasWorker = employeeNo.Length > 0 || workerName.Length > 0;
            string? phone = null;
            if (hasWorker)
            {
                Name(row, cells, RosterColumn.Name);
                EmployeeNo(row, employeeNo);
                phone = Phone(row, cells);
            }
            else if (Cell(cells, RosterColumn.Phone).Length > 0)
            {
                problems.Add(new(row, Header(RosterColumn.Phone), text["有手机号却没有网格员", "a phone without a worker"]));
            }

            if (street.Length > 0 && community.Length > 0
                && !_communityStreets.TryAdd(community, (street, row)) && _communityStreets[community] is var first && first.Street != street)
            {
                problems.Add(new(row, Header(RosterColumn.Community), text.CommunityUnderTwoStreets(first.Street, first.Row)));
            }

            return problems.Count > before
                ? null
                : new RosterRow(row, street, community, grid, hasWorker ? workerName : null, hasWorker ? employeeNo : null, phone);
        }

        private string Cell(IReadOnlyList<string> cells, RosterColumn column) =>
            columns.TryGetValue(column, out var index) && index < cells.Count ? cells[index] : "";

        private string Header(RosterColumn column) => columns.TryGetValue(column, out var index) ? headers[index] : text.Header(column);

        private string Name(int row, IReadOnlyList<string> cells, RosterColumn column)
        {
            var value = Cell(cells, column);
            if (value.Length == 0)
            {
                problems.Add(new(row, Header(column), text["不能为空", "must not be empty"]));
            }
            else if (value.Length > NameLength)
            {
                problems.Add(new(row, Header(column), text.TooLong()));
            }

            return value;
        }

        private void EmployeeNo(int row, string value)
        {
            var header = Header(RosterColumn.EmployeeNo);
            if (value.Length == 0)
            {
                problems.Add(new(row, header, text["不能为空", "must not be empty"]));
            }
            else if (!EmployeeNoPattern().IsMatch(value))
            {
                problems.Add(new(row, header, text["只能由 1 到 64 个字母、数字、-、_、. 组成", "only 1 to 64 letters, digits, -, _ or ."]));
            }
            else if (!_employeeRows.TryAdd(value, row))
            {
                problems.Add(new(row, header, text.DuplicateEmployeeNo(_employeeRows[value])));
            }
        }

        private string? Phone(int row, IReadOnlyList<string> cells)
        {
            var value = Cell(cells, RosterColumn.Phone);
            if (value.Length == 0)
            {
                return null;
            }

            if (!PhonePattern().IsMatch(value))
            {
                problems.Add(new(row, Header(RosterColumn.Phone), text["必须是 1 开头的 11 位手机号", "must be an 11-digit mobile number starting with 1"]));
            }

            return value;
        }

        private static string ColumnLetter(int index)
        {
            var letters = "";
            for (var n = index + 1; n > 0; n = (n - 1) / 26)
            {
                letters = (char)('A' + ((n - 1) % 26)) + letters;
            }

            return letters;
        }
    }

    /// <summary>Turns valid rows into operations against the tree.</summary>
    private sealed class Planner(OrganisationTree tree, bool hasPhone, Texts text)
    {
        private readonly List<OrganisationOperation> _operations = [];
        private readonly List<int> _rows = [];
        private readonly Dictionary<(string ParentId, string Name), string> _added = [];
        private readonly HashSet<string> _addedIds = new(StringComparer.Ordinal);
        private readonly List<RosterProblem> _problems = [];
        private readonly List<string> _existingGrids = [];
        private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
        private int _streets;
        private int _communities;
        private int _grids;
        private int _workers;
        private int _moves;
        private int _updates;

        public RosterPlan Plan(List<RosterRow> rows)
        {
            foreach (var row in rows)
            {
                var street = UnitOf(row, tree.Root.Id, row.Street, UnitLevel.Street, RosterColumn.Street);
                var community = street is null ? null : UnitOf(row, street, row.Community, UnitLevel.Community, RosterColumn.Community);
                var grid = community is null ? null : UnitOf(row, community, row.Grid, UnitLevel.Grid, RosterColumn.Grid);
                if (grid is not null && row.EmployeeNo is { } id)
                {
                    _listed.Add(id);
                    PlanWorker(row, id, grid);
                }
            }

            if (_problems.Count > 0)
            {
                return new RosterPlan(_problems, [], [], new RosterSummary(0, 0, 0, 0, 0, 0), []);
            }

            var notices = _existingGrids
                .SelectMany(grid => tree.WorkersOf(grid).Where(worker => !_listed.Contains(worker.Id))
                    .Select(worker => text.NotListed(string.Join(" / ", tree.PathOf(grid)), worker)))
                .ToList();
            return new RosterPlan([], _operations, _rows, new RosterSummary(_streets, _communities, _grids, _workers, _moves, _updates), notices);
        }

        private void Add(RosterRow row, OrganisationOperation operation)
        {
            _operations.Add(operation);
            _rows.Add(row.Row);
        }

        private void PlanWorker(RosterRow row, string id, string grid)
        {
            var name = row.Name!;
            if (tree.IsRetired(id))
            {
                _problems.Add(new(row.Row, text.Header(RosterColumn.EmployeeNo), text.RetiredEmployeeNo(tree.FindWorker(id)!)));
                return;
            }

            if (tree.FindWorker(id) is not { } worker)
            {
                Add(row, new(OrganisationOperationKind.AddWorker, id, name, ParentId: grid, Phone: row.Phone));
                _workers++;
                return;
            }

            if (worker.GridId != grid)
            {
                Add(row, new(OrganisationOperationKind.MoveWorker, id, ParentId: grid));
                _moves++;
            }

            // Without a 手机号 column the roster says nothing about phones: the ones on record stay.
            var phone = tree.PhoneOf(id);
            var wanted = hasPhone ? row.Phone : phone;
            if (worker.Name != name || wanted != phone)
            {
                Add(row, new(OrganisationOperationKind.UpdateWorker, id, name, Phone: wanted));
                _updates++;
            }
        }

        /// <summary>The id of the unit named <paramref name="name"/> under <paramref name="parentId"/>, added when there is none.</summary>
        private string? UnitOf(RosterRow row, string parentId, string name, UnitLevel level, RosterColumn column)
        {
            if (_added.TryGetValue((parentId, name), out var planned))
            {
                return planned;
            }

            var matches = tree.ChildrenOf(parentId).Where(unit => unit.Name == name).Take(2).ToList();
            if (matches.Count > 1)
            {
                _problems.Add(new(row.Row, text.Header(column), text.Ambiguous(matches[0].Id, matches[1].Id)));
                return null;
            }

            if (matches.Count == 1)
            {
                if (level == UnitLevel.Grid && !_existingGrids.Contains(matches[0].Id))
                {
                    _existingGrids.Add(matches[0].Id);
                }

                return matches[0].Id;
            }

            var id = NewId(parentId, level);
            _added[(parentId, name)] = id;
            _addedIds.Add(id);
            Add(row, new(OrganisationOperationKind.AddUnit, id, name, level, parentId));
            switch (level)
            {
                case UnitLevel.Street:
                    _streets++;
                    break;
                case UnitLevel.Community:
                    _communities++;
                    break;
                default:
                    _grids++;
                    break;
            }

            return id;
        }

        /// <summary>The next free id after the highest of the parent's children in the demo's convention: <c>s01</c>, <c>s01-c01</c>, <c>s01-c01-g1</c>.</summary>
        private string NewId(string parentId, UnitLevel level)
        {
            var (prefix, digits) = level switch
            {
                UnitLevel.Street => ("s", 2),
                UnitLevel.Community => ($"{parentId}-c", 2),
                _ => ($"{parentId}-g", 1),
            };
            var highest = tree.ChildrenOf(parentId).Select(unit => unit.Id).Concat(_addedIds)
                .Select(id => id.StartsWith(prefix, StringComparison.Ordinal)
                    && int.TryParse(id.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .DefaultIfEmpty(0)
                .Max();
            for (var n = highest + 1; ; n++)
            {
                var id = prefix + n.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                if (!tree.IsUnitIdTaken(id) && !_addedIds.Contains(id))
                {
                    return id;
                }
            }
        }
    }

    /// <summary>The words of the problems and notices in one language.</summary>
    private sealed class Texts(bool english)
    {
        public string this[string chinese, string inEnglish] => english ? inEnglish : chinese;

        public string Header(RosterColumn column) => RosterColumns.HeaderOf(column, english);

        public string UnknownHeader() => english
            ? $"unknown column; the columns are {string.Join(", ", RosterColumns.All.Select(Header))} (or 街道, 社区, 网格, 网格员姓名, 工号, 手机号)"
            : $"不认识的列；花名册的列是 {string.Join("、", RosterColumns.All.Select(Header))}（也可用英文 street、community、grid、name、employeeNo、phone）";

        public string TooManyRows() => english
            ? $"a roster has at most {MaxRows} rows below its header"
            : $"花名册表头下最多 {MaxRows} 行";

        public string TooLong() => english ? $"at most {NameLength} characters" : $"不能超过 {NameLength} 个字符";

        public string DuplicateEmployeeNo(int firstRow) => english
            ? $"the same employee number as row {firstRow}"
            : $"与第 {firstRow} 行的工号重复";

        public string CommunityUnderTwoStreets(string street, int row) => english
            ? $"this community is listed under street {street} in row {row}"
            : $"该社区在第 {row} 行属于街道 {street}，同一社区不能属于两个街道";

        public string Ambiguous(string first, string second) => english
            ? $"two units of this name ({first}, {second}): rename one of them first"
            : $"有两个同名单位（{first}、{second}），无法确定是哪一个：请先重命名其中之一";

        public string RetiredEmployeeNo(Worker worker) => english
            ? $"employee number of {worker.Name}, who retired: a retired worker's number is not given again"
            : $"该工号属于已离职的网格员 {worker.Name}，不能再次使用";

        public string NotListed(string path, Worker worker) => english
            ? $"{path}: {worker.Name} (employee no. {worker.Id}) is not in the roster; the import does not retire anyone"
            : $"{path}：网格员 {worker.Name}（工号 {worker.Id}）不在花名册中；导入不会办理离职";
    }
}
