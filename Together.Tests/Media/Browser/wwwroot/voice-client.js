// A small signalling client for the media node (DESIGN §6), driven by the browser tests through window.voice.
// It publishes a tone from WebAudio (deterministic, always loud enough for audio-level checks), answers every
// node offer in order, and plays each remote stream so Chromium decodes and measures it.

const log = (line) => { document.getElementById('log').textContent += line + '\n'; };

class VoiceClient {
  constructor() {
    this.participants = [];
    this.speaking = {};
    this.errors = [];
    this.offersAnswered = 0;
    this.closed = null;
    this.chain = Promise.resolve();
    this.audioElements = [];
    this.reoffer = null;
  }

  // Publishes a steady tone at toneHz, or, when given, the caller's own stream (the latency probe's bursts).
  // rtcConfig adds to the RTCPeerConnection's configuration (iceServers and iceTransportPolicy for TURN runs).
  async join(signalingUrl, toneHz, stream, rtcConfig) {
    if (stream) {
      this.destination = { stream };
    } else {
      this.audio = new AudioContext();
      await this.audio.resume();
      const oscillator = this.audio.createOscillator();
      oscillator.frequency.value = toneHz;
      const gain = this.audio.createGain();
      gain.gain.value = 0.5;
      this.destination = this.audio.createMediaStreamDestination();
      oscillator.connect(gain).connect(this.destination);
      oscillator.start();
    }

    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...(rtcConfig || {}) });
    this.pc.addTransceiver(this.destination.stream.getAudioTracks()[0], {
      direction: 'sendrecv', streams: [this.destination.stream] });
    this.pc.ontrack = (event) => {
      const element = new Audio();
      element.autoplay = true;
      element.srcObject = new MediaStream([event.track]);
      element.play().catch((error) => log('play failed: ' + error));
      this.audioElements.push(element);
    };

    this.ws = new WebSocket(signalingUrl);
    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      this.chain = this.chain.then(() => this.handle(message)).catch((error) => {
        this.errors.push({ code: 'client', message: String(error) });
        log('client error: ' + error);
      });
    };
    this.ws.onclose = (event) => { this.closed = { code: event.code, reason: event.reason }; };
    await new Promise((resolve, reject) => {
      this.ws.onopen = resolve;
      this.ws.onerror = () => reject(new Error('signalling WebSocket failed'));
    });

    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.send('offer', { sdp: offer.sdp });
  }

  async handle(message) {
    switch (message.op) {
      case 'answer':
        await this.pc.setRemoteDescription({ type: 'answer', sdp: message.d.sdp });
        this.settleReoffer('answer');
        break;
      case 'offer': {
        // A node offer crossing our own re-offer: Chromium rolls ours back implicitly; the node says 'glare'.
        await this.pc.setRemoteDescription({ type: 'offer', sdp: message.d.sdp });
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.send('answer', { sdp: answer.sdp });
        this.offersAnswered++;
        break;
      }
      case 'participants':
        this.participants = message.d;
        break;
      case 'speaking':
        this.speaking[message.d.userId] = message.d.speaking;
        break;
      case 'error':
        this.errors.push(message.d);
        log('node error: ' + JSON.stringify(message.d));
        if (this.reoffer) {
          if (this.pc.signalingState === 'have-local-offer') {
            await this.pc.setLocalDescription({ type: 'rollback' });
          }
          this.settleReoffer(message.d.code);
        }
        break;
    }
  }

  // A client-initiated renegotiation mid-call (DESIGN §6): createOffer() again on the live connection, queued
  // behind any node offer being applied. Resolves with 'answer' once applied, or with the node's error code after
  // rolling the offer back.
  renegotiate(restartIce) {
    return new Promise((resolve, reject) => {
      this.chain = this.chain.then(async () => {
        if (restartIce) { this.pc.restartIce(); }
        const offer = await this.pc.createOffer();
        await this.pc.setLocalDescription(offer);
        this.reoffer = resolve;
        this.send('offer', { sdp: offer.sdp });
      }).catch(reject);
    });
  }

  settleReoffer(outcome) {
    const resolve = this.reoffer;
    this.reoffer = null;
    if (resolve) { resolve(outcome); }
  }

  send(op, d) { this.ws.send(JSON.stringify(d === undefined ? { op } : { op, d })); }

  mute(muted) { this.send('mute', { muted }); }

  deafen(deafened) { this.send('deaf', { deafened }); }

  leave() { this.send('leave'); this.pc.close(); }

  // Inbound audio per remote user, keyed by the user id the node's participants message maps to each mid.
  // The candidate types of the selected pair: 'relay' locally when the call goes through TURN.
  async selectedPair() {
    const stats = await this.pc.getStats();
    for (const report of stats.values()) {
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        const pair = stats.get(report.selectedCandidatePairId);
        return { local: stats.get(pair.localCandidateId).candidateType, remote: stats.get(pair.remoteCandidateId).candidateType };
      }
    }
    return null;
  }

  async inbound() {
    const byMid = {};
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        byMid[report.mid] = {
          mid: report.mid,
          packetsReceived: report.packetsReceived ?? 0,
          packetsLost: report.packetsLost ?? 0,
          audioLevel: report.audioLevel ?? 0,
          totalAudioEnergy: report.totalAudioEnergy ?? 0,
          jitter: report.jitter ?? 0,
        };
      }
    });
    const byUser = {};
    for (const participant of this.participants) {
      if (participant.mid && byMid[participant.mid]) {
        byUser[participant.userId] = byMid[participant.mid];
      }
    }
    return byUser;
  }

  // What the node's receiver reports told this browser about its own audio (research §1.7).
  async remoteInbound() {
    let result = null;
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'remote-inbound-rtp' && report.kind === 'audio') {
        result = { roundTripTime: report.roundTripTime ?? null, packetsLost: report.packetsLost ?? 0 };
      }
    });
    return result;
  }

  async outbound() {
    let sent = 0;
    (await this.pc.getStats()).forEach((report) => {
      if (report.type === 'outbound-rtp' && report.kind === 'audio') { sent += report.packetsSent ?? 0; }
    });
    return { packetsSent: sent, connectionState: this.pc.connectionState };
  }
}

window.voice = new VoiceClient();
log('ready');
