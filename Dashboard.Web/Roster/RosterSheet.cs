using System.Text;
using Dashboard.Web.Apis;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Dashboard.Web.Roster;

/// <summary>
/// The cells of an uploaded roster (花名册) as text, row by row as the user sees them: <c>Rows[0]</c> is row 1 of the
/// sheet. A workbook (<c>.xlsx</c>, recognised by its zip signature) is read through MiniExcel, its first sheet;
/// anything else is CSV in UTF-8 (with or without a byte order mark) or, when it is not valid UTF-8, GB18030, as Excel
/// on a Chinese Windows saves it.
/// </summary>
public sealed class RosterSheet
{
    private RosterSheet(IReadOnlyList<IReadOnlyList<string>> rows) => Rows = rows;

    /// <summary>The rows, each cell trimmed; a row may be shorter than the header.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>A sheet of the given cells, for tests and for the export's round trip.</summary>
    public static RosterSheet Of(IEnumerable<IEnumerable<string?>> rows) =>
        new([.. rows.Select(row => (IReadOnlyList<string>)[.. row.Select(cell => (cell ?? "").Trim())])]);

    /// <summary>Reads a workbook or a CSV file.</summary>
    /// <exception cref="FormatException">The file is neither a readable workbook nor CSV; the message says why (中文 / English).</exception>
    public static RosterSheet Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return IsWorkbook(bytes) ? ReadWorkbook(bytes) : Of(CsvText.Parse(Decode(bytes)));
    }

    private static bool IsWorkbook(byte[] bytes) => bytes is [0x50, 0x4B, 0x03, 0x04, ..];

    private static RosterSheet ReadWorkbook(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var rows = new List<IEnumerable<string?>>();
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false))
            {
                rows.Add(row.Values.Select(BulletinDocument.CellText));
            }

            return Of(rows);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            throw new FormatException("无法读取该 Excel 文件（.xlsx） / the workbook (.xlsx) cannot be read", exception);
        }
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return text.StartsWith('\uFEFF') ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(54936)!.GetString(bytes);
        }
    }
}
