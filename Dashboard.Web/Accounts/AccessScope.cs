using System.Security.Claims;
using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Accounts;

/// <summary>
/// What one principal may read and write (spec 1, 9): built per request or connection from its claims, it answers
/// every authorization question of the API and the hub. An administrator may do everything; a leader reads within
/// their unit's subtree and acts on its cases; a display reads numbers within its subtree, never people; a worker
/// reads and writes for their own grid and themselves.
/// </summary>
public sealed class AccessScope
{
    private readonly OrganisationTree _organisation;

    private AccessScope(ClaimsPrincipal user, OrganisationTree organisation)
    {
        _organisation = organisation;
        var authenticated = user.Identity?.IsAuthenticated == true;
        Role = authenticated ? user.FindFirstValue(ClaimTypes.Role) : null;
        AccountId = authenticated ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        UnitId = authenticated ? user.FindFirstValue(GridPulseClaims.Unit) : null;
        WorkerId = authenticated ? user.FindFirstValue(GridPulseClaims.Worker) : null;
        CredentialId = authenticated ? user.FindFirstValue(GridPulseClaims.Credential) : null;
    }

    /// <summary>Whether the principal is an administrator.</summary>
    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>The principal's role; null when anonymous.</summary>
    public string? Role { get; }

    /// <summary>The scope unit (a leader's or display's unit, a worker's grid); null for an administrator.</summary>
    public string? UnitId { get; }

    /// <summary>The worker id of a worker; null otherwise.</summary>
    public string? WorkerId { get; }

    /// <summary>The account id; null when anonymous.</summary>
    public string? AccountId { get; }

    /// <summary>The credential that authenticated the principal; null when anonymous.</summary>
    public string? CredentialId { get; }

    /// <summary>The scope of <paramref name="user"/>.</summary>
    public static AccessScope Of(ClaimsPrincipal user, OrganisationTree organisation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(organisation);
        return new AccessScope(user, organisation);
    }

    /// <summary>The scope of the request's user, as a handler's parameter: minimal APIs bind it once per request.</summary>
    public static ValueTask<AccessScope?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<AccessScope?>(Of(context.User, context.RequestServices.GetRequiredService<OrganisationTree>()));
    }

    /// <summary>Whether the unit's numbers, activity and children may be read: admin all; leader and display their subtree; worker their grid only.</summary>
    public bool CanRead(string unitId) => Role switch
    {
        Roles.Admin => true,
        Roles.Leader or Roles.Display => IsInSubtree(unitId),
        Roles.Worker => unitId == UnitId,
        _ => false,
    };

    /// <summary>Whether the workers list and the cases of the unit may be read: admin; leader in their subtree; worker their grid; display never.</summary>
    public bool CanSeePeople(string unitId) => Role switch
    {
        Roles.Admin => true,
        Roles.Leader => IsInSubtree(unitId),
        Roles.Worker => unitId == UnitId,
        _ => false,
    };

    /// <summary>Whether a report or new case for this grid and worker may be written: admin; a worker for their grid and themselves.</summary>
    public bool CanReport(string gridId, string workerId) =>
        IsAdmin || (Role == Roles.Worker && gridId == UnitId && workerId == WorkerId);

    /// <summary>Whether an action on a case of this grid may be taken: admin; leader with the grid in their subtree; worker on their grid.</summary>
    public bool CanActOnCase(string caseGridId) => Role switch
    {
        Roles.Admin => true,
        Roles.Leader => IsInSubtree(caseGridId),
        Roles.Worker => caseGridId == UnitId,
        _ => false,
    };

    /// <summary>Whether a worker's duty status may be set: admin; a worker their own.</summary>
    public bool CanSetStatus(string workerId) => IsAdmin || (Role == Roles.Worker && workerId == WorkerId);

    /// <summary>Whether banners and reload orders may be sent to the walls of the unit and its connected walls listed: admin; leader in their subtree.</summary>
    public bool CanCommandWalls(string unitId) => IsAdmin || (Role == Roles.Leader && IsInSubtree(unitId));

    /// <summary>The units <c>GET /api/units</c> shows, depth first: all for an admin, the subtree of a leader or display, a worker's grid.</summary>
    public IEnumerable<Unit> VisibleUnits() => _organisation.Units.Where(unit => CanRead(unit.Id));

    private bool IsInSubtree(string unitId)
    {
        if (UnitId is null)
        {
            return false;
        }

        for (var unit = _organisation.FindUnit(unitId); unit is not null; unit = unit.ParentId is { } parentId ? _organisation.FindUnit(parentId) : null)
        {
            if (unit.Id == UnitId)
            {
                return true;
            }
        }

        return false;
    }
}
