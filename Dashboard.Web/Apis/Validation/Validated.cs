using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Web.Apis.Validation;

/// <summary>A validated request: the contract's record, or the field-level errors (field name to Chinese messages).</summary>
public sealed class Validated<T>
    where T : class
{
    private Validated(T? value, IDictionary<string, string[]> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The record when valid.</summary>
    public T? Value { get; }

    /// <summary>The errors when not; empty when valid.</summary>
    public IDictionary<string, string[]> Errors { get; }

    /// <summary>True when <see cref="Value"/> holds the record.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null;

    /// <summary>The errors as one line, for a batch item's detail.</summary>
    public string Describe() =>
        string.Join("；", Errors.SelectMany(field => field.Value.Select(message => $"{field.Key}: {message}")));

    internal static Validated<T> From(FieldErrors errors, Func<T> build) =>
        errors.Any ? new(null, errors.ToDictionary()) : new(build(), ReadOnlyDictionary<string, string[]>.Empty);
}
