using System.Security.Cryptography;
using Together.MediaNode.Transport.Stun;

namespace Together.MediaNode.Transport.Ice;

/// <summary>
/// The controlling, full side of ICE against one lite remote candidate (the probe client), sans-IO. It sends a
/// Binding request carrying USE-CANDIDATE (aggressive nomination is all a lite peer needs), retransmits it per
/// RFC 8489 §6.2.1 (RTO 500 ms doubling, 7 requests, then 16×RTO of waiting), and once connected refreshes
/// consent every ~5 s (RFC 7675 §5.1, jittered ±20 %), declaring it lost 30 s after the last success.
/// </summary>
public sealed class IceControllingAgent
{
    private static readonly TimeSpan InitialRto = TimeSpan.FromMilliseconds(500);
    private const int MaxRequests = 7;
    private const int FinalWaitRtoMultiple = 16;
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly IceCredentials _local;
    private readonly IceCredentials _remote;
    private readonly uint _priority;
    private readonly ulong _tieBreaker;
    private StunTransactionId _pending;
    private int _requestsSent;
    private TimeSpan _rto = InitialRto;
    private DateTimeOffset _lastSuccess;

    public IceControllingAgent(IceCredentials local, IceCredentials remote, IceEndpoint remoteCandidate, uint priority)
    {
        _local = local;
        _remote = remote;
        RemoteCandidate = remoteCandidate;
        _priority = priority;
        _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    }

    public IceEndpoint RemoteCandidate { get; }

    public IceControllingState State { get; private set; } = IceControllingState.New;

    /// <summary>Our address as the remote saw it (XOR-MAPPED-ADDRESS of the last success), for diagnostics.</summary>
    public System.Net.IPEndPoint? MappedAddress { get; private set; }

    /// <summary>Requests sent for the current transaction (the first check and its retransmissions).</summary>
    public int RequestsSent => _requestsSent;

    /// <summary>When <see cref="HandleTimeout"/> must next run; null when the agent has finished.</summary>
    public DateTimeOffset? NextDeadline { get; private set; }

    /// <summary>Writes the first connectivity check to <paramref name="transmit"/>; returns its length.</summary>
    public int Start(DateTimeOffset now, Span<byte> transmit)
    {
        if (State != IceControllingState.New)
        {
            throw new InvalidOperationException("The ICE agent was already started.");
        }

        State = IceControllingState.Checking;
        _lastSuccess = now;
        return SendNewTransaction(now, transmit);
    }

    /// <summary>
    /// Runs timers: a retransmission or a consent refresh is written to <paramref name="transmit"/> (returned
    /// length &gt; 0); when the last retransmission went unanswered the state becomes <see cref="IceControllingState.Failed"/>.
    /// </summary>
    public int HandleTimeout(DateTimeOffset now, Span<byte> transmit)
    {
        if (NextDeadline is not { } deadline || now < deadline)
        {
            return 0;
        }

        if (State == IceControllingState.Checking)
        {
            if (_requestsSent >= MaxRequests)
            {
                Finish(IceControllingState.Failed);
                return 0;
            }

            _rto += _rto;
            return Transmit(now, transmit, _requestsSent + 1 == MaxRequests ? InitialRto * FinalWaitRtoMultiple : _rto);
        }

        if (now - _lastSuccess >= ConsentTimeout)
        {
            Finish(IceControllingState.ConsentExpired);
            return 0;
        }

        return SendNewTransaction(now, transmit);
    }

    /// <summary>Takes a STUN response; returns true when it answered our pending transaction and was authentic.</summary>
    public bool HandleResponse(DateTimeOffset now, ReadOnlySpan<byte> datagram)
    {
        if (State is not (IceControllingState.Checking or IceControllingState.Connected)
            || !StunMessage.TryParse(datagram, out var response) || response.TransactionId != _pending
            || !response.VerifyFingerprint())
        {
            return false;
        }

        if (response.Type == StunMessageType.BindingErrorResponse)
        {
            if (State == IceControllingState.Checking)
            {
                Finish(IceControllingState.Failed);
            }

            return true;
        }

        if (response.Type != StunMessageType.BindingSuccessResponse || !response.VerifyMessageIntegrity(_remote.PasswordBytes))
        {
            return false;
        }

        _lastSuccess = now;
        if (response.TryGetXorMappedAddress(out var mapped))
        {
            MappedAddress = mapped;
        }

        if (State == IceControllingState.Checking)
        {
            State = IceControllingState.Connected;
            NextDeadline = now + JitteredConsentInterval();
        }

        return true;
    }

    private int SendNewTransaction(DateTimeOffset now, Span<byte> transmit)
    {
        _pending = StunTransactionId.NewRandom();
        _requestsSent = 0;
        _rto = InitialRto;
        var wait = State == IceControllingState.Connected ? JitteredConsentInterval() : _rto;
        return Transmit(now, transmit, wait);
    }

    private int Transmit(DateTimeOffset now, Span<byte> transmit, TimeSpan wait)
    {
        _requestsSent++;
        NextDeadline = now + wait;
        var writer = new StunMessageWriter(transmit, StunMessageType.BindingRequest, _pending);
        writer.AddUsername($"{_remote.Ufrag}:{_local.Ufrag}");
        writer.AddPriority(_priority);
        writer.AddIceControlling(_tieBreaker);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(_remote.PasswordBytes);
        writer.AddFingerprint();
        return writer.Length;
    }

    private void Finish(IceControllingState state)
    {
        State = state;
        NextDeadline = null;
    }

    private static TimeSpan JitteredConsentInterval() =>
        ConsentInterval * (0.8 + 0.4 * RandomNumberGenerator.GetInt32(1000) / 1000.0);
}
