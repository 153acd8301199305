namespace Together.Tests.Media.Integration;

/// <summary>A fresh in-process node per test, and probes that join it over real UDP and leave at the end.</summary>
public abstract class NodeWithProbesTest : IAsyncLifetime
{
    protected MediaNodeTestHost Node { get; private set; } = null!;

    protected ProbeSession Probes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await MediaNodeTestHost.StartAsync();
        Probes = new ProbeSession(token => Node.SignalingUri(token), (user, room) => Node.Tokens.Issue(user, room));
    }

    public async Task DisposeAsync()
    {
        await Probes.LeaveAllAsync();
        await Node.DisposeAsync();
    }
}
