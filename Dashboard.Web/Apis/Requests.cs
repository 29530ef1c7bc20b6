namespace Dashboard.Web.Apis;

// The request bodies as the API receives them: every field nullable, so that a missing field is a field-level
// validation error rather than a JSON error; the validators in Validation/ turn them into the contract's records.

/// <summary>An activity report (spec 2.2, 3).</summary>
public sealed record ReportRequest
{
    /// <summary>The client-generated id that makes the report idempotent.</summary>
    public string? Id { get; init; }

    /// <summary>The grid the work was done in.</summary>
    public string? GridId { get; init; }

    /// <summary>The grid worker who did it.</summary>
    public string? WorkerId { get; init; }

    /// <summary><c>visit</c>, <c>training</c> or <c>event</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>When it happened, ISO 8601 with an offset.</summary>
    public string? OccurredAt { get; init; }

    /// <summary>Households visited (visits only); default 1.</summary>
    public int? Households { get; init; }

    /// <summary>Participants (trainings and events only); default 0.</summary>
    public int? Participants { get; init; }

    /// <summary>An optional category, such as 独居老人 or 志愿服务.</summary>
    public string? Category { get; init; }

    /// <summary>An optional note.</summary>
    public string? Note { get; init; }
}

/// <summary>A new case (spec 2.3, 3).</summary>
public sealed record CaseRequest
{
    /// <summary>The client-generated case id.</summary>
    public string? Id { get; init; }

    /// <summary>The grid the case was found in.</summary>
    public string? GridId { get; init; }

    /// <summary>The grid worker who reported it.</summary>
    public string? WorkerId { get; init; }

    /// <summary>The category, such as 环境卫生.</summary>
    public string? Category { get; init; }

    /// <summary>A short title.</summary>
    public string? Title { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }

    /// <summary>When it was found, ISO 8601 with an offset.</summary>
    public string? OccurredAt { get; init; }

    /// <summary>The deadline; default from the category's time limit.</summary>
    public string? Deadline { get; init; }
}

/// <summary>An action on a case (spec 3); the case id is in the route.</summary>
public sealed record CaseActionRequest
{
    /// <summary>The client-generated action id that makes the action idempotent.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// <c>dispatch</c>, <c>resolve</c>, <c>close</c>, <c>reject</c>, <c>cancel</c>, <c>escalate</c>, <c>extend</c> or
    /// <c>urge</c> (督办: leaders and administrators only).
    /// </summary>
    public string? Action { get; init; }

    /// <summary>Who does it.</summary>
    public string? By { get; init; }

    /// <summary>When, ISO 8601 with an offset.</summary>
    public string? At { get; init; }

    /// <summary>A note; the reason of a cancel or an extension, the demand of an urge.</summary>
    public string? Note { get; init; }

    /// <summary>The deadline of a dispatch or an extension.</summary>
    public string? Deadline { get; init; }

    /// <summary>The handler of a dispatch.</summary>
    public string? Handler { get; init; }
}

/// <summary>A worker's duty status (spec 2.4); the worker id is in the route.</summary>
public sealed record WorkerStatusRequest
{
    /// <summary><c>on-duty</c>, <c>patrolling</c> or <c>off-duty</c>.</summary>
    public string? Status { get; init; }

    /// <summary>When, ISO 8601 with an offset.</summary>
    public string? At { get; init; }
}

/// <summary>An organisation change (issue 13): applied as a whole, idempotent by its id.</summary>
public sealed record OrganisationChangeRequest
{
    /// <summary>The client-generated id that makes the change idempotent.</summary>
    public string? Id { get; init; }

    /// <summary>The operations, applied in order.</summary>
    public IReadOnlyList<OrganisationOperationRequest?>? Operations { get; init; }
}

/// <summary>One operation of an organisation change; which members it needs depends on its kind.</summary>
public sealed record OrganisationOperationRequest
{
    /// <summary><c>add-unit</c>, <c>rename-unit</c>, <c>move-unit</c>, <c>retire-unit</c>, <c>add-worker</c>, <c>update-worker</c>, <c>move-worker</c> or <c>retire-worker</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>The unit's or the worker's id (工号).</summary>
    public string? Id { get; init; }

    /// <summary>The name (add-unit, rename-unit, add-worker, update-worker).</summary>
    public string? Name { get; init; }

    /// <summary><c>street</c>, <c>community</c> or <c>grid</c> (add-unit).</summary>
    public string? Level { get; init; }

    /// <summary>The parent unit, or the worker's grid (add-unit, move-unit, add-worker, move-worker).</summary>
    public string? ParentId { get; init; }

    /// <summary>The worker's phone (手机号), optional (add-worker, update-worker); never shown on a wall.</summary>
    public string? Phone { get; init; }
}

/// <summary>A banner for the walls of a unit's subtree (issue 13, section 3).</summary>
public sealed record BannerRequest
{
    /// <summary>The client-generated id that makes the banner idempotent.</summary>
    public string? Id { get; init; }

    /// <summary>The unit whose walls, and the walls below it, show the banner.</summary>
    public string? UnitId { get; init; }

    /// <summary>The text, at most 200 characters.</summary>
    public string? Text { get; init; }

    /// <summary><c>notice</c> (通知) or <c>urgent</c> (紧急).</summary>
    public string? Level { get; init; }

    /// <summary>When it comes down, ISO 8601 with an offset: in the future, at most 30 days ahead.</summary>
    public string? Until { get; init; }
}

/// <summary>An order to reload the walls of a unit's subtree (issue 13, section 3).</summary>
public sealed record ReloadRequest
{
    /// <summary>The client-generated id that makes the order idempotent.</summary>
    public string? Id { get; init; }

    /// <summary>The unit whose walls, and the walls below it, reload.</summary>
    public string? UnitId { get; init; }

    /// <summary>The seconds over which the walls' reloads are spread: 5 to 600, default 30.</summary>
    public int? WindowSeconds { get; init; }
}
