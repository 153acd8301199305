namespace Together.Api.Features.Presence;

/// <summary>
/// Who is online, as features may ask it without knowing the gateway (which implements it): a member is online
/// while they hold a gateway connection. Exact with one Api replica; with several, each counts its own
/// connections (docs/api.md).
/// </summary>
public interface IOnlineMembers
{
    int CountOnline(long serverId);
}
