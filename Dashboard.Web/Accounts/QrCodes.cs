using QRCoder;

namespace Dashboard.Web.Accounts;

/// <summary>QR codes of links (QRCoder), as SVG images a page shows as they are and prints sharp at any size.</summary>
public static class QrCodes
{
    /// <summary>
    /// The QR code of <paramref name="text"/> as a <c>data:image/svg+xml</c> URI. Error correction M (15%) keeps a code of a
    /// link of about 90 characters at 37 modules a side, which a phone reads printed at 3 cm, creased or smudged a little.
    /// </summary>
    public static string SvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
