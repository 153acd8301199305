using System.Text;
using Together.MediaNode.Transport.Stun;

namespace Together.MediaNode.Transport.Ice;

/// <summary>
/// The controlled, lite side of ICE (RFC 8445 §2.5) for one peer, sans-IO: it answers the browser's Binding
/// requests, remembers which remote endpoints proved they know our password, selects the nominated one, and
/// reports consent expiry (RFC 7675) when the injected clock passes 30 s without an authenticated check.
/// It never sends requests of its own.
/// </summary>
public sealed class IceLiteAgent
{
    private readonly IceLiteOptions _options;
    private readonly byte[] _expectedUsernamePrefix;
    private readonly byte[]? _expectedRemoteUfrag;
    private readonly List<(IceEndpoint Endpoint, DateTimeOffset LastCheck)> _validated = [];
    private DateTimeOffset _lastConsent;

    public IceLiteAgent(DateTimeOffset now, IceCredentials local, string? remoteUfrag = null, IceLiteOptions? options = null)
    {
        _options = options ?? new IceLiteOptions();
        Local = local;
        _expectedUsernamePrefix = Encoding.ASCII.GetBytes(local.Ufrag + ":");
        _expectedRemoteUfrag = remoteUfrag is null ? null : Encoding.ASCII.GetBytes(remoteUfrag);
        _lastConsent = now;
    }

    public IceCredentials Local { get; }

    /// <summary>Where media goes: the nominated endpoint, or before nomination the first validated one.</summary>
    public IceEndpoint? SelectedEndpoint { get; private set; }

    public bool IsNominated { get; private set; }

    public bool IsConsentExpired { get; private set; }

    /// <summary>When <see cref="HandleTimeout"/> must next run: the consent deadline.</summary>
    public DateTimeOffset NextDeadline => _lastConsent + _options.ConsentTimeout;

    /// <summary>True when <paramref name="endpoint"/> sent a check that passed integrity: only then is its non-STUN traffic accepted.</summary>
    public bool IsValidated(IceEndpoint endpoint)
    {
        foreach (var entry in _validated)
        {
            if (entry.Endpoint == endpoint)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks one STUN datagram in the order of RFC 8445 §7.3 / mediasoup's IceServer: a Binding request with
    /// FINGERPRINT, then USERNAME "ourUfrag:theirUfrag", MESSAGE-INTEGRITY under our password, and PRIORITY.
    /// A reply (success or error) is written to <paramref name="response"/> when <paramref name="responseLength"/> &gt; 0.
    /// </summary>
    public IceCheckOutcome HandleStun(DateTimeOffset now, IceEndpoint source, ReadOnlySpan<byte> datagram,
        Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (IsConsentExpired || !StunMessage.TryParse(datagram, out var request)
            || request.Type != StunMessageType.BindingRequest || (request.HasFingerprint && !request.VerifyFingerprint()))
        {
            return IceCheckOutcome.Dropped;
        }

        if (!request.HasFingerprint || !request.HasUsername || !request.HasMessageIntegrity || !request.HasPriority)
        {
            responseLength = WriteError(request, response, 400, "Bad Request");
            return IceCheckOutcome.Rejected;
        }

        if (!UsernameMatches(request.Username) || !request.VerifyMessageIntegrity(Local.PasswordBytes))
        {
            responseLength = WriteError(request, response, 401, "Unauthorized");
            return IceCheckOutcome.Rejected;
        }

        if (request.HasUnknownComprehensionRequiredAttribute)
        {
            responseLength = WriteError(request, response, 420, "Unknown Attribute");
            return IceCheckOutcome.Rejected;
        }

        // A request claiming ICE-CONTROLLED (both sides controlled) is answered anyway rather than with 487,
        // as mediasoup does: a lite agent is always controlled, and Chrome copes badly with role conflicts.
        Remember(now, source);
        responseLength = WriteSuccess(request, source, response);
        return Select(source, request.UseCandidate)
            ? IceCheckOutcome.SelectedEndpointChanged
            : IceCheckOutcome.Answered;
    }

    /// <summary>Returns true exactly once, when consent has lapsed (no valid check for <see cref="IceLiteOptions.ConsentTimeout"/>).</summary>
    public bool HandleTimeout(DateTimeOffset now)
    {
        if (IsConsentExpired || now < NextDeadline)
        {
            return false;
        }

        IsConsentExpired = true;
        SelectedEndpoint = null;
        _validated.Clear();
        return true;
    }

    private bool UsernameMatches(ReadOnlySpan<byte> username)
    {
        if (!username.StartsWith(_expectedUsernamePrefix))
        {
            return false;
        }

        var remote = username[_expectedUsernamePrefix.Length..];
        return _expectedRemoteUfrag is null ? !remote.IsEmpty : remote.SequenceEqual(_expectedRemoteUfrag);
    }

    private void Remember(DateTimeOffset now, IceEndpoint source)
    {
        _lastConsent = now;
        for (int i = 0; i < _validated.Count; i++)
        {
            if (_validated[i].Endpoint == source)
            {
                _validated[i] = (source, now);
                return;
            }
        }

        if (_validated.Count >= _options.MaxValidatedEndpoints)
        {
            int oldest = 0;
            for (int i = 1; i < _validated.Count; i++)
            {
                if (_validated[i].LastCheck < _validated[oldest].LastCheck && _validated[i].Endpoint != SelectedEndpoint)
                {
                    oldest = i;
                }
            }

            _validated.RemoveAt(oldest);
        }

        _validated.Add((source, now));
    }

    /// <summary>USE-CANDIDATE always (re)selects, so a browser may move the call mid-way (re-nomination).</summary>
    private bool Select(IceEndpoint source, bool useCandidate)
    {
        if (useCandidate)
        {
            bool changed = !IsNominated || SelectedEndpoint != source;
            IsNominated = true;
            SelectedEndpoint = source;
            return changed;
        }

        if (SelectedEndpoint is null)
        {
            SelectedEndpoint = source;
            return true;
        }

        return false;
    }

    private int WriteSuccess(StunMessage request, IceEndpoint source, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(source.Address);
        writer.AddMessageIntegrity(Local.PasswordBytes);
        writer.AddFingerprint();
        return writer.Length;
    }

    private static int WriteError(StunMessage request, Span<byte> response, int code, string reason)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, reason);
        writer.AddFingerprint();
        return writer.Length;
    }
}
