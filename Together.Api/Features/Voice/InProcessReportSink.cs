using Together.MediaNode.Control;

namespace Together.Api.Features.Voice;

/// <summary>The merged process: the in-process node's reports go straight to <see cref="VoiceStateService"/>.</summary>
public sealed class InProcessReportSink(IServiceScopeFactory scopes) : INodeReportSink
{
    public async Task DeliverAsync(NodeReport report, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VoiceStateService>().ApplyReportAsync(report, cancellationToken);
    }
}
