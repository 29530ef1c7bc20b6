using System.Text;

namespace Dashboard.Web.Apis;

/// <summary>
/// CSV as RFC 4180 has it, for every download and upload: CRLF line ends, a field with a comma, quote or line break
/// quoted and its quotes doubled; written as UTF-8 with a byte order mark (so Excel opens Chinese text).
/// </summary>
public static class CsvText
{
    /// <summary>Appends one record of <paramref name="cells"/> (<see cref="BulletinDocument.CellText"/>) and its CRLF.</summary>
    public static void AppendLine(StringBuilder text, IEnumerable<object?> cells)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            var value = BulletinDocument.CellText(cell);
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(value);
            }
        }

        text.Append("\r\n");
    }

    /// <summary>The bytes of a CSV file: UTF-8 with a byte order mark.</summary>
    public static byte[] ToBytes(StringBuilder text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// The records of a CSV text: fields split at commas outside quotes, quoted fields unquoted (a doubled quote is one
    /// quote, line breaks kept), records ended by CRLF, LF or CR; a last line without its end counts.
    /// </summary>
    /// <exception cref="FormatException">A quote is never closed; the message gives its record (1-based).</exception>
    public static List<List<string>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i < text.Length && text[i] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"第 {records.Count + 1} 行的引号没有闭合 / the quote in line {records.Count + 1} is never closed");
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
