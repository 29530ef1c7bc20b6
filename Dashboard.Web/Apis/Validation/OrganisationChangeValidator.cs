using Grains.Interfaces;

namespace Dashboard.Web.Apis.Validation;

/// <summary>
/// Reads an organisation change's body into the contract's record: the kinds and levels by their API names. What the
/// organisation's rules say of ids, names, phones, levels and parents is checked once, by the organisation grain.
/// </summary>
public static class OrganisationChangeValidator
{
    /// <summary>The change by <paramref name="by"/> at <paramref name="at"/>, or its field errors.</summary>
    public static Validated<OrganisationChange> Validate(OrganisationChangeRequest request, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Id is null)
        {
            errors.Add("id", "变更编号不能为空 / id is required");
        }

        if (request.Operations is null)
        {
            errors.Add("operations", "缺少操作列表 / operations is required");
        }

        var operations = new List<OrganisationOperation>();
        for (var index = 0; index < (request.Operations?.Count ?? 0); index++)
        {
            var path = $"operations[{index}]";
            if (request.Operations![index] is not { } operation)
            {
                errors.Add(path, "操作不能为 null / an operation must be an object");
                continue;
            }

            var kind = errors.Choice<OrganisationOperationKind>($"{path}.kind", "操作类型", operation.Kind);
            UnitLevel? level = operation.Level is null ? null : errors.Choice<UnitLevel>($"{path}.level", "层级", operation.Level);
            operations.Add(new OrganisationOperation(kind, operation.Id ?? "", operation.Name, level, operation.ParentId, operation.Phone));
        }

        return Validated<OrganisationChange>.From(errors, () => new OrganisationChange(request.Id!, operations, by, at));
    }
}
