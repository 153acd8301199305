import type { Snowflake } from "../api/types";

// Voice states as the Api announces them (docs/api.md "Voice"), and what the media node's signalling socket says
// (DESIGN §6). Pure functions: the store and the call apply them, the tests drive them directly.

export interface VoiceState {
  serverId: Snowflake | null;
  channelId: Snowflake | null;
  userId: Snowflake;
  selfMute: boolean;
  selfDeaf: boolean;
  mute: boolean;
  deaf: boolean;
  suppress: boolean;
  speaking: boolean;
}

/** user → their voice state; a user in no channel has none. */
export type VoiceStates = Record<Snowflake, VoiceState>;

export function withVoiceState(states: VoiceStates, state: VoiceState): VoiceStates {
  const next = { ...states };
  if (state.channelId) next[state.userId] = state;
  else delete next[state.userId];
  return next;
}

/** READY's `voiceStates` replace what was known: a reconnect must not keep someone who left while away. */
export function fromReady(list: VoiceState[] | undefined): VoiceStates {
  return (list ?? []).reduce<VoiceStates>((states, state) => withVoiceState(states, state), {});
}

export function inChannel(states: VoiceStates, channelId: Snowflake): VoiceState[] {
  return Object.values(states)
    .filter((state) => state.channelId === channelId)
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

export interface Participant {
  userId: Snowflake;
  mid: string | null;
  muted: boolean;
  deafened: boolean;
}

export type NodeMessage =
  | { op: "answer"; d: { sdp: string } }
  | { op: "offer"; d: { sdp: string } }
  | { op: "participants"; d: Participant[] }
  | { op: "speaking"; d: { userId: Snowflake; speaking: boolean } }
  | { op: "error"; d: { code: string; message: string; roomId?: Snowflake } };

/** Parses one frame from the node; anything else (a newer op, a malformed frame) is ignored rather than fatal. */
export function parseNodeMessage(data: unknown): NodeMessage | null {
  if (typeof data !== "string") return null;
  let message: { op?: unknown; d?: unknown };
  try {
    message = JSON.parse(data) as { op?: unknown; d?: unknown };
  } catch {
    return null;
  }
  const d = message.d as Record<string, unknown> | undefined;
  switch (message.op) {
    case "answer":
    case "offer":
      return typeof d?.sdp === "string" ? ({ op: message.op, d: { sdp: d.sdp } }) : null;
    case "participants":
      return Array.isArray(message.d) ? { op: "participants", d: message.d as Participant[] } : null;
    case "speaking":
      return typeof d?.userId === "string" ? { op: "speaking", d: { userId: d.userId, speaking: !!d.speaking } } : null;
    case "error":
      return typeof d?.code === "string"
        ? { op: "error", d: { code: d.code, message: String(d.message ?? ""), roomId: typeof d.roomId === "string" ? d.roomId : undefined } }
        : null;
    default:
      return null;
  }
}

/** What the call does when the node ends it: rejoin the same room, join another, or stop. */
export type Ending = { kind: "rejoin" } | { kind: "move"; channelId: Snowflake } | { kind: "stop"; reason: string };

/**
 * The node's removal codes (docs/media-node.md "Signalling"): `moved` names the room to join, a moderator's
 * `disconnected` and `replaced` (this account joined elsewhere) end the call, a lost transport is a network drop.
 */
export function endingFor(code: string, roomId?: Snowflake): Ending {
  switch (code) {
    case "moved":
      return roomId ? { kind: "move", channelId: roomId } : { kind: "stop", reason: "Moved to another channel." };
    case "transport_closed":
      return { kind: "rejoin" };
    case "disconnected":
      return { kind: "stop", reason: "A moderator disconnected you." };
    case "replaced":
      return { kind: "stop", reason: "You joined voice somewhere else." };
    case "room_full":
      return { kind: "stop", reason: "The channel is full." };
    default:
      return { kind: "stop", reason: `Voice ended (${code}).` };
  }
}

export interface Quality {
  /** Round-trip time to the node, ms. */
  rtt: number | null;
  /** Share of packets lost, 0–1, since the previous sample. */
  loss: number;
  /** Inbound jitter, ms (the worst stream). */
  jitter: number;
  level: "good" | "fair" | "poor";
}

export interface StatsSample {
  rttSeconds: number | null;
  packetsReceived: number;
  packetsLost: number;
  jitterSeconds: number;
}

/** Reads what the quality indicator needs from an RTCStatsReport-like list of reports. */
export function sampleStats(reports: Iterable<Record<string, unknown>>): StatsSample {
  const sample: StatsSample = { rttSeconds: null, packetsReceived: 0, packetsLost: 0, jitterSeconds: 0 };
  for (const report of reports) {
    if (report.type === "candidate-pair" && report.nominated && typeof report.currentRoundTripTime === "number") {
      sample.rttSeconds = report.currentRoundTripTime;
    } else if (report.type === "remote-inbound-rtp" && sample.rttSeconds === null && typeof report.roundTripTime === "number") {
      sample.rttSeconds = report.roundTripTime;
    } else if (report.type === "inbound-rtp" && report.kind === "audio") {
      sample.packetsReceived += Number(report.packetsReceived ?? 0);
      sample.packetsLost += Math.max(0, Number(report.packetsLost ?? 0));
      sample.jitterSeconds = Math.max(sample.jitterSeconds, Number(report.jitter ?? 0));
    }
  }
  return sample;
}

/** Loss is counted between two samples, so an early burst does not mark the call poor forever. */
export function quality(previous: StatsSample | null, current: StatsSample): Quality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const loss = received + lost > 0 ? Math.max(0, lost) / (received + lost) : 0;
  const rtt = current.rttSeconds === null ? null : Math.round(current.rttSeconds * 1000);
  const jitter = Math.round(current.jitterSeconds * 1000);
  const level = (rtt ?? 0) > 400 || loss > 0.1 || jitter > 60 ? "poor" : (rtt ?? 0) > 200 || loss > 0.02 || jitter > 30 ? "fair" : "good";
  return { rtt, loss, jitter, level };
}

/** Voice activity: a level in dBFS against the sensitivity threshold (-100 … 0). */
export function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (const value of samples) sum += value * value;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}
