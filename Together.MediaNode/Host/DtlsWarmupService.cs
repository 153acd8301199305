using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Peer;

namespace Together.MediaNode.Host;

/// <summary>Runs one in-process DTLS handshake during startup so the first real join does not pay for the JIT.</summary>
public sealed class DtlsWarmupService(PeerTransportContext context, ILogger<DtlsWarmupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var elapsed = await DtlsWarmup.RunAsync(context.Certificate, context.DtlsOptions, cancellationToken).ConfigureAwait(false);
        MediaTransportLog.WarmedUp(logger, elapsed.TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
