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
    this.remoteTracks = [];
    this.reoffer = null;
  }

  // Publishes a steady tone at toneHz, or, when given, the caller's own stream (the latency probe's bursts).
  async join(signalingUrl, toneHz, stream) {
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

    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.pc.addTransceiver(this.destination.stream.getAudioTracks()[0], {
      direction: 'sendrecv', streams: [this.destination.stream] });
    this.pc.ontrack = (event) => {
      this.remoteTracks.push(event.track);
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

// Mouth-to-ear latency (research §1.10), with one clock: the speaker sends silence with 100 ms tone bursts scheduled
// at known times; the listener polls the energy Chromium measures on the decoded audio it plays out. The first jump
// minus the schedule covers capture, Opus, SRTP, the path, the jitter buffer and decode. Chromium caches getStats
// for up to 50 ms, so single figures are coarse: compare with the same measure on a direct connection.
function burstSource() {
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  oscillator.frequency.value = 1000;
  const gate = context.createGain();
  gate.gain.value = 0;
  const out = context.createMediaStreamDestination();
  oscillator.connect(gate).connect(out);
  oscillator.start();
  return { context, gate, stream: out.stream, silence: context.createMediaStreamDestination().stream };
}

async function measureBursts(source, listenerPc, bursts) {
  await new Promise((r) => setTimeout(r, 1500));
  const energy = async () => {
    let value = 0;
    (await listenerPc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') { value += report.totalAudioEnergy ?? 0; }
    });
    return value;
  };

  const latencies = [];
  for (let i = 0; i < bursts; i++) {
    const lead = 0.2;
    const start = source.context.currentTime + lead;
    const startPerformance = performance.now() + lead * 1000;
    source.gate.gain.setValueAtTime(0.8, start);
    source.gate.gain.setValueAtTime(0, start + 0.1);
    let previous = await energy();
    let heard = null;
    while (heard === null && performance.now() < startPerformance + 1000) {
      const current = await energy();
      const now = performance.now();
      if (current - previous > 0.002 && now >= startPerformance) { heard = now; }
      previous = current;
    }
    if (heard !== null) { latencies.push(heard - startPerformance); }
    await new Promise((r) => setTimeout(r, 500));
  }

  return latencies;
}

async function mouthToEar(speakerUrl, listenerUrl, bursts) {
  const source = burstSource();
  await source.context.resume();
  const speaker = new VoiceClient();
  const listener = new VoiceClient();
  await speaker.join(speakerUrl, 0, source.stream);
  await listener.join(listenerUrl, 0, source.silence);
  while (listener.remoteTracks.length === 0) { await new Promise((r) => setTimeout(r, 20)); }
  return measureBursts(source, listener.pc, bursts);
}

// The same measure between two peer connections joined directly on loopback: the browser's own share.
async function directMouthToEar(bursts) {
  const source = burstSource();
  await source.context.resume();
  const speaker = new RTCPeerConnection();
  const listener = new RTCPeerConnection();
  speaker.onicecandidate = (e) => e.candidate && listener.addIceCandidate(e.candidate);
  listener.onicecandidate = (e) => e.candidate && speaker.addIceCandidate(e.candidate);
  listener.ontrack = (event) => {
    const element = new Audio();
    element.srcObject = new MediaStream([event.track]);
    element.play();
  };
  speaker.addTrack(source.stream.getAudioTracks()[0], source.stream);
  await speaker.setLocalDescription(await speaker.createOffer());
  await listener.setRemoteDescription(speaker.localDescription);
  await listener.setLocalDescription(await listener.createAnswer());
  await speaker.setRemoteDescription(listener.localDescription);
  return measureBursts(source, listener, bursts);
}

window.directMouthToEar = directMouthToEar;
window.mouthToEar = mouthToEar;
window.voice = new VoiceClient();
log('ready');
