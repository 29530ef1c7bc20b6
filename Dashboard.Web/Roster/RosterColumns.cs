namespace Dashboard.Web.Roster;

/// <summary>The columns of a roster (花名册), in the order an export writes them.</summary>
public enum RosterColumn
{
    /// <summary>街道.</summary>
    Street,

    /// <summary>社区.</summary>
    Community,

    /// <summary>网格.</summary>
    Grid,

    /// <summary>网格员姓名.</summary>
    Name,

    /// <summary>工号, the worker's id.</summary>
    EmployeeNo,

    /// <summary>手机号, optional.</summary>
    Phone,
}

/// <summary>The header names of the roster's columns: Chinese as a street office writes them, or English.</summary>
public static class RosterColumns
{
    private static readonly string[] Chinese = ["街道", "社区", "网格", "网格员姓名", "工号", "手机号"];

    private static readonly string[] English = ["street", "community", "grid", "name", "employeeNo", "phone"];

    /// <summary>Every column, in export order.</summary>
    public static IReadOnlyList<RosterColumn> All { get; } = Enum.GetValues<RosterColumn>();

    /// <summary>The header of <paramref name="column"/> in Chinese or English.</summary>
    public static string HeaderOf(RosterColumn column, bool english) => (english ? English : Chinese)[(int)column];

    /// <summary>The column a header names, Chinese or English (any case), or null.</summary>
    public static RosterColumn? Find(string header)
    {
        for (var i = 0; i < Chinese.Length; i++)
        {
            if (header == Chinese[i] || string.Equals(header, English[i], StringComparison.OrdinalIgnoreCase))
            {
                return (RosterColumn)i;
            }
        }

        return null;
    }

    /// <summary>True for the columns a roster must have: all but 手机号.</summary>
    public static bool IsRequired(RosterColumn column) => column != RosterColumn.Phone;
}
