import type { Snowflake } from "../api/types";
import { request } from "../api/http";
import { ApiError } from "../api/problem";
import { gatewayInvoke } from "../gateway/gateway";
import { reconnectDelay } from "../gateway/backoff";
import { useStore } from "../store/store";
import { releaseAudioElement, takeAudioElement } from "./audioOut";
import { endingFor, levelDb, type NodeMessage, parseNodeMessage, quality, sampleStats, type StatsSample } from "./model";
import { idleCall, useVoice, type VoiceSettings } from "./store";

// One voice call: the Api's join (token, signalling URL, ICE servers), the media node's signalling socket
// (DESIGN §6) and one RTCPeerConnection. The node adds a receive m-line per speaker with its own offers;
// `participants` says which mid is whose. A dropped network (socket closed, ICE failed, transport_closed)
// rejoins with a fresh token and backoff; a moderator's move joins the new room.

interface JoinResponse {
  token: string;
  signalingUrl: string;
  iceServers: RTCIceServer[];
}

const statsInterval = 2000;
const vadInterval = 50;
/** Voice activity stays open this long after the level drops, so word endings are not clipped. */
const vadHold = 400;

class VoiceCall {
  private ws: WebSocket | null = null;
  private pc: RTCPeerConnection | null = null;
  private mic: MediaStream | null = null;
  /** A clone of the microphone for the level meter: the sent track is disabled when the gate closes. */
  private meterTrack: MediaStreamTrack | null = null;
  private audioContext: AudioContext | null = null;
  private analyser: AnalyserNode | null = null;
  private sender: RTCRtpSender | null = null;
  private chain: Promise<void> = Promise.resolve();
  private elements = new Map<string, HTMLAudioElement>();
  private midToUser = new Map<string, Snowflake>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private previousStats: StatsSample | null = null;
  private lastLoud = 0;
  private pushHeld = false;
  private generation = 0;

  constructor(readonly serverId: Snowflake, public channelId: Snowflake) {}

  async start(): Promise<void> {
    window.addEventListener("keydown", this.onKey);
    window.addEventListener("keyup", this.onKey);
    window.addEventListener("blur", this.onBlur);
    await this.connect();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.teardownConnection();
    useVoice.getState().setCall({ status: this.attempt > 0 ? "reconnecting" : "connecting", serverId: this.serverId, channelId: this.channelId, error: null });
    let join: JoinResponse;
    try {
      join = await request<JoinResponse>("POST", `/api/channels/${this.channelId}/voice/join`);
      if (!this.mic) await this.acquireMicrophone();
    } catch (error) {
      if (generation !== this.generation) return;
      // A refusal (no CONNECT, full, gone) or a microphone denied ends the call; an unreachable server retries.
      if (error instanceof ApiError && error.status === 0) return this.scheduleReconnect();
      return this.stop(error instanceof Error ? error.message : String(error));
    }
    if (generation !== this.generation) return;

    const pc = new RTCPeerConnection({ iceServers: join.iceServers, bundlePolicy: "max-bundle", rtcpMuxPolicy: "require" });
    this.pc = pc;
    this.sender = pc.addTransceiver(this.mic!.getAudioTracks()[0]!, { direction: "sendrecv", streams: [this.mic!] }).sender;
    this.updateGate();
    pc.ontrack = (event) => this.playTrack(event);
    pc.onconnectionstatechange = () => {
      if (this.pc !== pc) return;
      if (pc.connectionState === "connected") {
        this.attempt = 0;
        useVoice.getState().setCall({ status: "connected" });
      } else if (pc.connectionState === "failed") {
        this.scheduleReconnect();
      }
    };

    const url = new URL(join.signalingUrl, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("token", join.token);
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onmessage = (event) => {
      const message = parseNodeMessage(event.data);
      if (!message) return;
      this.chain = this.chain.then(() => this.handle(message, pc)).catch(() => {
        // A failed SDP step leaves the call as it was; the node's next offer or a rejoin recovers.
      });
    };
    ws.onclose = () => {
      if (this.ws === ws) this.scheduleReconnect();
    };
    ws.onopen = () => {
      this.chain = this.chain.then(async () => {
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        this.send("offer", { sdp: offer.sdp });
        const { selfMute, selfDeaf } = useVoice.getState();
        if (selfMute || selfDeaf) {
          this.send("mute", { muted: selfMute || selfDeaf });
          this.send("deaf", { deafened: selfDeaf });
        }
      }).catch(() => {
        if (this.pc === pc) this.scheduleReconnect();
      });
    };
    this.timers.push(setInterval(() => void this.sampleQuality(pc), statsInterval));
  }

  private async handle(message: NodeMessage, pc: RTCPeerConnection): Promise<void> {
    if (this.pc !== pc) return;
    switch (message.op) {
      case "answer":
        await pc.setRemoteDescription({ type: "answer", sdp: message.d.sdp });
        break;
      case "offer": {
        await pc.setRemoteDescription({ type: "offer", sdp: message.d.sdp });
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.send("answer", { sdp: answer.sdp });
        break;
      }
      case "participants":
        this.midToUser = new Map(message.d.filter((p) => p.mid).map((p) => [p.mid!, p.userId]));
        this.applyVolumes();
        break;
      case "speaking":
        if (message.d.userId !== useStore.getState().me?.id) useVoice.getState().setSpeaking(message.d.userId, message.d.speaking);
        break;
      case "error": {
        const ending = endingFor(message.d.code, message.d.roomId);
        if (["bad_message", "unknown_op", "bad_sdp", "wrong_state", "glare", "ice_restart_unsupported"].includes(message.d.code)) break;
        // The socket closes next: the ending decides what follows, not the close.
        this.ws = null;
        if (ending.kind === "rejoin") this.scheduleReconnect();
        else if (ending.kind === "move") {
          this.channelId = ending.channelId;
          this.attempt = 0;
          void this.connect();
        } else this.stop(ending.reason);
        break;
      }
    }
  }

  private playTrack(event: RTCTrackEvent) {
    const mid = event.transceiver.mid;
    if (!mid) return;
    let element = this.elements.get(mid);
    if (!element) {
      element = takeAudioElement();
      this.elements.set(mid, element);
    }
    element.srcObject = new MediaStream([event.track]);
    void element.play().catch(() => undefined);
    void this.applyOutputDevice(element);
    this.applyVolumes();
  }

  /** Per-user volume and deafen, on every remote element. */
  applyVolumes() {
    const { volumes, selfDeaf } = useVoice.getState();
    for (const [mid, element] of this.elements) {
      const userId = this.midToUser.get(mid);
      element.volume = Math.min(1, (userId ? volumes[userId] ?? 100 : 100) / 100);
      element.muted = selfDeaf;
    }
  }

  private async applyOutputDevice(element: HTMLAudioElement) {
    const sinkId = useVoice.getState().settings.outputDeviceId;
    const withSink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (withSink.setSinkId && (withSink as { sinkId?: string }).sinkId !== sinkId) {
      await withSink.setSinkId(sinkId).catch(() => undefined);
    }
  }

  async applySettings(changed: Partial<VoiceSettings>) {
    if ("outputDeviceId" in changed) for (const element of this.elements.values()) await this.applyOutputDevice(element);
    if ("inputDeviceId" in changed || "noiseSuppression" in changed || "echoCancellation" in changed) {
      // Browser processing is fixed when a track is made: re-acquire and swap the sent track in place.
      const old = this.mic;
      this.mic = null;
      await this.acquireMicrophone();
      await this.sender?.replaceTrack(this.mic!.getAudioTracks()[0] ?? null);
      old?.getTracks().forEach((track) => track.stop());
    }
    this.updateGate();
  }

  private async acquireMicrophone() {
    const { settings } = useVoice.getState();
    this.mic = await navigator.mediaDevices.getUserMedia({
      audio: {
        deviceId: settings.inputDeviceId ? { exact: settings.inputDeviceId } : undefined,
        noiseSuppression: settings.noiseSuppression,
        echoCancellation: settings.echoCancellation,
        autoGainControl: true,
      },
    });
    this.meterTrack?.stop();
    this.meterTrack = this.mic.getAudioTracks()[0]?.clone() ?? null;
    this.audioContext ??= new AudioContext();
    void this.audioContext.resume();
    this.analyser = this.audioContext.createAnalyser();
    this.analyser.fftSize = 1024;
    if (this.meterTrack) this.audioContext.createMediaStreamSource(new MediaStream([this.meterTrack])).connect(this.analyser);
    this.vadTimer ??= setInterval(() => this.meter(), vadInterval);
  }

  private vadTimer: ReturnType<typeof setInterval> | undefined;
  private samples = new Float32Array(1024);

  private meter() {
    if (!this.analyser) return;
    this.analyser.getFloatTimeDomainData(this.samples);
    if (levelDb(this.samples) >= useVoice.getState().settings.sensitivity) this.lastLoud = performance.now();
    this.updateGate();
  }

  /** Whether the microphone is sent now: not muted or deafened, and the voice activity or push-to-talk open. */
  private updateGate() {
    const { selfMute, selfDeaf, settings } = useVoice.getState();
    const open = settings.mode === "push" ? this.pushHeld : performance.now() - this.lastLoud < vadHold;
    const sending = !selfMute && !selfDeaf && open;
    const track = this.mic?.getAudioTracks()[0];
    if (track && track.enabled !== sending) track.enabled = sending;
    const me = useStore.getState().me?.id;
    if (me) useVoice.getState().setSpeaking(me, sending && performance.now() - this.lastLoud < vadHold);
  }

  private onKey = (event: KeyboardEvent) => {
    if (event.code !== useVoice.getState().settings.pushKey || event.repeat) return;
    const target = event.target as HTMLElement | null;
    if (event.type === "keydown" && target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    this.pushHeld = event.type === "keydown";
    this.updateGate();
  };

  private onBlur = () => {
    this.pushHeld = false;
    this.updateGate();
  };

  setSelf(selfMute: boolean, selfDeaf: boolean) {
    this.send("mute", { muted: selfMute || selfDeaf });
    this.send("deaf", { deafened: selfDeaf });
    void gatewayInvoke("UpdateVoiceState", this.channelId, selfMute || selfDeaf, selfDeaf);
    this.applyVolumes();
    this.updateGate();
  }

  private async sampleQuality(pc: RTCPeerConnection) {
    if (this.pc !== pc || pc.connectionState !== "connected") return;
    const reports: Record<string, unknown>[] = [];
    (await pc.getStats()).forEach((report: Record<string, unknown>) => reports.push(report));
    const sample = sampleStats(reports);
    useVoice.getState().setQuality(quality(this.previousStats, sample));
    this.previousStats = sample;
  }

  private send(op: string, d?: unknown) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(d === undefined ? { op } : { op, d }));
  }

  private scheduleReconnect() {
    if (current !== this) return;
    this.teardownConnection();
    useVoice.getState().setCall({ status: "reconnecting" });
    useVoice.getState().setQuality(null);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), reconnectDelay(++this.attempt));
  }

  /** Closes the socket and peer connection, keeping the microphone for the next attempt. */
  private teardownConnection() {
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ op: "leave" }));
      ws.close(1000);
    }
    this.pc?.close();
    this.pc = null;
    this.sender = null;
    this.chain = Promise.resolve();
    this.previousStats = null;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const element of this.elements.values()) releaseAudioElement(element);
    this.elements.clear();
    this.midToUser.clear();
    useVoice.setState({ speaking: {} });
  }

  stop(error: string | null = null) {
    this.generation++;
    clearTimeout(this.retry);
    clearInterval(this.vadTimer);
    this.teardownConnection();
    window.removeEventListener("keydown", this.onKey);
    window.removeEventListener("keyup", this.onKey);
    window.removeEventListener("blur", this.onBlur);
    this.mic?.getTracks().forEach((track) => track.stop());
    this.meterTrack?.stop();
    void this.audioContext?.close();
    this.mic = null;
    if (current === this) {
      current = null;
      useVoice.setState({ call: { ...idleCall, error }, quality: null, speaking: {} });
    }
  }
}

let current: VoiceCall | null = null;

export async function join(serverId: Snowflake, channelId: Snowflake): Promise<void> {
  if (current?.channelId === channelId) return;
  current?.stop();
  current = new VoiceCall(serverId, channelId);
  await current.start();
}

export function leave(): void {
  current?.stop();
}

export function setSelf(selfMute: boolean, selfDeaf: boolean): void {
  useVoice.getState().setSelf({ selfMute, selfDeaf });
  current?.setSelf(selfMute, selfDeaf);
}

export function applyVolumes(): void {
  current?.applyVolumes();
}

export async function applySettings(changed: Partial<VoiceSettings>): Promise<void> {
  useVoice.getState().setSettings(changed);
  await current?.applySettings(changed);
}
