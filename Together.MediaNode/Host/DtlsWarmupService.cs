using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Peer;

namespace Together.MediaNode.Host;

/// <summary>
/// Runs one in-process DTLS handshake right after startup so the first real join does not pay for the JIT. It runs
/// in the background: startup (and <c>/health</c>) must not wait for it.
/// </summary>
public sealed class DtlsWarmupService(PeerTransportContext context, ILogger<DtlsWarmupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var elapsed = await DtlsWarmup.RunAsync(context.Certificate, context.DtlsOptions, stoppingToken).ConfigureAwait(false);
        MediaTransportLog.WarmedUp(logger, elapsed.TotalMilliseconds);
    }
}
