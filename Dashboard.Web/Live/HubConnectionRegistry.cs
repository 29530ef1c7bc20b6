using Dashboard.Web.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Live;

/// <summary>
/// The live hub connections per credential, so that revoking a credential (<see cref="CredentialRevocations"/>)
/// closes its connections at once instead of at their next sign-in.
/// </summary>
public sealed class HubConnectionRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, HubCallerContext>> _byCredential = new(StringComparer.Ordinal);
    private readonly AccountStore _accounts;

    /// <summary>Listens to <paramref name="revocations"/> for the registry's lifetime (the process's).</summary>
    public HubConnectionRegistry(AccountStore accounts, CredentialRevocations revocations)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        _accounts = accounts;
        revocations.Revoked += (_, credentialId) => AbortAll(credentialId);
    }

    /// <summary>Registers a connection under its credential; one whose credential was revoked meanwhile is aborted.</summary>
    public async Task AddAsync(HubCallerContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (CredentialOf(connection) is not { } credentialId)
        {
            connection.Abort();
            return;
        }

        lock (_gate)
        {
            if (!_byCredential.TryGetValue(credentialId, out var connections))
            {
                connections = new Dictionary<string, HubCallerContext>(StringComparer.Ordinal);
                _byCredential[credentialId] = connections;
            }

            connections[connection.ConnectionId] = connection;
        }

        // A revocation between the authentication and the registration above found nothing to abort.
        if (!await _accounts.IsActiveAsync(credentialId))
        {
            connection.Abort();
        }
    }

    /// <summary>Forgets a closed connection.</summary>
    public void Remove(HubCallerContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (CredentialOf(connection) is not { } credentialId)
        {
            return;
        }

        lock (_gate)
        {
            if (_byCredential.TryGetValue(credentialId, out var connections) && connections.Remove(connection.ConnectionId) && connections.Count == 0)
            {
                _byCredential.Remove(credentialId);
            }
        }
    }

    /// <summary>How many live connections a credential holds (for tests and diagnostics).</summary>
    public int CountOf(string credentialId)
    {
        lock (_gate)
        {
            return _byCredential.GetValueOrDefault(credentialId)?.Count ?? 0;
        }
    }

    private void AbortAll(string credentialId)
    {
        HubCallerContext[] connections;
        lock (_gate)
        {
            connections = _byCredential.Remove(credentialId, out var found) ? [.. found.Values] : [];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }
    }

    private static string? CredentialOf(HubCallerContext connection) => connection.User?.FindFirst(GridPulseClaims.Credential)?.Value;
}
