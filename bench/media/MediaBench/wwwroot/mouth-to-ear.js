// Mouth-to-ear latency with sample resolution (research §1.10). The speaker's track carries silence with 100 ms
// 1 kHz bursts; a MediaStreamTrackProcessor taps the sent track and another taps the received one, and each
// takes the first loud sample after silence. Both taps stamp that sample with performance.now() at the frame read
// (minus the samples after it in the frame) and with AudioData.timestamp, so "mouth" is the moment the audio
// enters the WebRTC sender and "ear" the moment the decoded audio is pulled from the jitter buffer for playout.
// Neither a microphone's capture buffer nor the output device's buffer is included. Sent frames are stamped with
// their first sample's time, received ones with their delivery time, so the stamp figure reads up to one 10 ms
// frame high; the read figure treats both sides alike.

const threshold = 0.1;
const quietMs = 200;

class OnsetTap {
  constructor(track) {
    this.onsets = [];
    this.lastLoud = -Infinity;
    this.reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    this.read();
  }

  async read() {
    for (;;) {
      const { value: frame, done } = await this.reader.read();
      if (done) { return; }
      const now = performance.now();
      const samples = new Float32Array(frame.numberOfFrames);
      frame.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
      const loud = samples.findIndex((s) => Math.abs(s) > threshold);
      if (loud >= 0) {
        const after = (frame.numberOfFrames - loud) / frame.sampleRate * 1000;
        if (now - after - this.lastLoud > quietMs) {
          this.onsets.push({ read: now - after, stamp: frame.timestamp / 1000 + loud / frame.sampleRate * 1000 });
        }
        this.lastLoud = now;
      }
      frame.close();
    }
  }

  stop() { this.reader.cancel(); }
}

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

function play(track) {
  const element = new Audio();
  element.srcObject = new MediaStream([track]);
  return element.play();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Pairs each sent onset with the first received one within a second after it.
function latencies(sent, received) {
  return sent.flatMap((s) => {
    const r = received.find((x) => x.read >= s.read && x.read - s.read < 1000);
    return r ? [{ read: r.read - s.read, stamp: r.stamp - s.stamp }] : [];
  });
}

// What getStats says the parts cost, over the burst window: the listener's average jitter buffer delay (and its
// target and minimum), half the ICE round trip of each leg, and the 20 ms Opus frame the encoder waits for.
async function jitterBuffer(pc) {
  let totals = null;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      totals = {
        delay: report.jitterBufferDelay, target: report.jitterBufferTargetDelay,
        minimum: report.jitterBufferMinimumDelay, emitted: report.jitterBufferEmittedCount,
      };
    }
  });
  return totals;
}

async function roundTripMs(pc) {
  let rtt = null;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'candidate-pair' && report.nominated && report.currentRoundTripTime !== undefined) {
      rtt = report.currentRoundTripTime * 1000;
    }
  });
  return rtt;
}

function averageMs(before, after, field) {
  const emitted = after.emitted - before.emitted;
  return after[field] === undefined || emitted <= 0 ? null : (after[field] - before[field]) / emitted * 1000;
}

async function measure(source, sent, received, legs, bursts) {
  await sleep(1500);
  const listener = legs[legs.length - 1];
  const before = await jitterBuffer(listener);
  const mouth = new OnsetTap(sent);
  const ear = new OnsetTap(received);
  for (let i = 0; i < bursts; i++) {
    const start = source.context.currentTime + 0.05;
    source.gate.gain.setValueAtTime(0.8, start);
    source.gate.gain.setValueAtTime(0, start + 0.1);
    await sleep(600);
  }
  await sleep(500);
  mouth.stop();
  ear.stop();
  const after = await jitterBuffer(listener);
  const roundTrips = await Promise.all(legs.map(roundTripMs));
  return {
    bursts: latencies(mouth.onsets, ear.onsets),
    jitterBufferMs: averageMs(before, after, 'delay'),
    jitterBufferTargetMs: averageMs(before, after, 'target'),
    jitterBufferMinimumMs: averageMs(before, after, 'minimum'),
    oneWayMs: roundTrips.includes(null) ? null : roundTrips.reduce((sum, rtt) => sum + rtt / 2, 0),
    roundTripsMs: roundTrips,
    outputLatencyMs: source.context.outputLatency * 1000,
  };
}

// The receiving track of a user's slot: the node maps mids to users in `participants`. (The track of the client's
// own m-line stays muted: the node sends nothing on it.)
async function trackOf(client, userId) {
  for (;;) {
    const mid = client.participants.find((p) => p.userId === userId)?.mid;
    const transceiver = client.pc.getTransceivers().find((t) => mid && t.mid === mid);
    if (transceiver) { return transceiver.receiver.track; }
    await sleep(20);
  }
}

// Through the node: the test page's voice client (voice-client.js exposes only an instance) joins twice.
async function throughNode(speakerUrl, listenerUrl, bursts) {
  const VoiceClient = window.voice.constructor;
  const source = burstSource();
  await source.context.resume();
  const speaker = new VoiceClient();
  const listener = new VoiceClient();
  await speaker.join(speakerUrl, 0, source.stream);
  await listener.join(listenerUrl, 0, source.silence);
  return measure(source, source.stream.getAudioTracks()[0], await trackOf(listener, 'speaker'), [speaker.pc, listener.pc], bursts);
}

async function direct(bursts) {
  const source = burstSource();
  await source.context.resume();
  const speaker = new RTCPeerConnection();
  const listener = new RTCPeerConnection();
  speaker.onicecandidate = (e) => e.candidate && listener.addIceCandidate(e.candidate);
  listener.onicecandidate = (e) => e.candidate && speaker.addIceCandidate(e.candidate);
  const received = new Promise((resolve) => { listener.ontrack = (e) => resolve(e.track); });
  const sent = source.stream.getAudioTracks()[0];
  speaker.addTrack(sent, source.stream);
  await speaker.setLocalDescription(await speaker.createOffer());
  await listener.setRemoteDescription(speaker.localDescription);
  await listener.setLocalDescription(await listener.createAnswer());
  await speaker.setRemoteDescription(listener.localDescription);
  const track = await received;
  await play(track);
  return measure(source, sent, track, [listener], bursts);
}

window.mouthToEarBench = { throughNode, direct };
