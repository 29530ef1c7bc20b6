using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Apis.Validation;

/// <summary>The rules of what an operator tells the walls: banners and reload orders (issue 13, section 3).</summary>
public static class WallOrderValidator
{
    /// <summary>The banner as the log stores it, sent by <paramref name="by"/> at <paramref name="now"/>; or its field errors.</summary>
    public static Validated<WallBanner> Banner(BannerRequest request, OrganisationTree organisation, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = errors.Id("id", "编号", request.Id);
        var unitId = KnownUnit(errors, organisation, request.UnitId);
        var text = errors.RequiredText("text", "横幅内容", request.Text, WallBanner.MaxTextLength);
        var level = errors.Choice<BannerLevel>("level", "级别", request.Level);
        var until = errors.RequiredTime("until", "结束时间", request.Until);
        if (request.Until is not null && until != default)
        {
            if (until <= now)
            {
                errors.Add("until", "结束时间必须晚于现在");
            }
            else if (until > now + WallBanner.LongestLife)
            {
                errors.Add("until", $"结束时间不能晚于 {WallBanner.LongestLife.TotalDays:0} 天之后");
            }
        }

        return Validated<WallBanner>.From(errors, () => new WallBanner(id, unitId, text.Trim(), level, until, by, now));
    }

    /// <summary>The reload order given by <paramref name="by"/> at <paramref name="now"/>; or its field errors.</summary>
    public static Validated<ReloadOrder> Reload(ReloadRequest request, OrganisationTree organisation, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var id = errors.Id("id", "编号", request.Id);
        var unitId = KnownUnit(errors, organisation, request.UnitId);
        var window = request.WindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ReloadOrder.DefaultWindow;
        if (window < ReloadOrder.ShortestWindow || window > ReloadOrder.LongestWindow)
        {
            errors.Add(
                "windowSeconds",
                $"重新加载的时间窗口必须在 {ReloadOrder.ShortestWindow.TotalSeconds:0} 到 {ReloadOrder.LongestWindow.TotalSeconds:0} 秒之间");
        }

        return Validated<ReloadOrder>.From(errors, () => new ReloadOrder(id, unitId, window, by, now));
    }

    private static string KnownUnit(FieldErrors errors, OrganisationTree organisation, string? unitId)
    {
        var id = errors.Id("unitId", "单位编号", unitId);
        if (FieldErrors.IsId(id) && organisation.FindUnit(id) is null)
        {
            errors.Add("unitId", $"单位 {id} 不存在");
        }

        return id;
    }
}
