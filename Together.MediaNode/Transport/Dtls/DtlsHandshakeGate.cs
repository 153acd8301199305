namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// The node-wide cap on concurrent DTLS handshakes: each one blocks a thread inside BouncyCastle, so a burst of
/// joins (or an attacker with valid ICE credentials) must queue instead of exhausting threads.
/// </summary>
public sealed class DtlsHandshakeGate(int maxConcurrent) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public int Available => _slots.CurrentCount;

    public Task<bool> EnterAsync(TimeSpan timeout) => _slots.WaitAsync(timeout);

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
