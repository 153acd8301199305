namespace Together.Api.Features.Presence;

/// <summary>
/// Who is online, as features may ask it without knowing the gateway (which implements it): a user is online while
/// they hold a gateway connection on any replica, and shows the status they chose (invisible as offline).
/// </summary>
public interface IOnlineMembers
{
    /// <summary>Members of the server connected to this replica and not shown offline (the invite preview's count).</summary>
    int CountOnline(long serverId);

    /// <summary>The user's status as others see it: online, idle, dnd or offline.</summary>
    string StatusOf(long userId);
}
