using System.Diagnostics;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// One in-process client↔server handshake at startup. A cold process needed 120–370 ms for its first handshake
/// with Chromium (JIT of BouncyCastle's code paths); warm, one takes ~6 ms. Warming keeps that cost off the
/// first user's join.
/// </summary>
public static class DtlsWarmup
{
    public static async Task<TimeSpan> RunAsync(DtlsCertificate nodeCertificate, DtlsOptions options, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var clientCertificate = DtlsCertificate.Generate();
        using var gate = new DtlsHandshakeGate(2);
        DtlsSession? server = null;
        DtlsSession? client = null;
        server = DtlsSession.CreateServer(nodeCertificate, clientCertificate.Fingerprint, options, gate, d => client!.Receive(d));
        client = DtlsSession.CreateClient(clientCertificate, nodeCertificate.Fingerprint, options, gate, d => server.Receive(d));
        using (server)
        using (client)
        {
            server.Start();
            client.Start();
            var results = await Task.WhenAll(server.Completion, client.Completion).WaitAsync(options.HandshakeTimeout * 2, cancellationToken)
                .ConfigureAwait(false);
            if (!results[0].Succeeded || !results[1].Succeeded)
            {
                throw new InvalidOperationException($"DTLS warm-up failed: {results[0].Failure ?? results[1].Failure}");
            }
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
