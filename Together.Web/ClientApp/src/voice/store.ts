import { create } from "zustand";
import type { GatewayEnvelope, Snowflake } from "../api/types";
import { fromReady, type Quality, type VoiceState, type VoiceStates, withVoiceState } from "./model";

// Who is in which voice channel (live from the gateway), this client's own call, and the voice preferences this
// browser remembers (localStorage: per-user volumes, devices, input mode, browser processing).

export type CallStatus = "idle" | "connecting" | "connected" | "reconnecting";

export interface VoiceSettings {
  inputDeviceId: string;
  outputDeviceId: string;
  mode: "activity" | "push";
  /** `KeyboardEvent.code` held to talk in push mode. */
  pushKey: string;
  /** Voice activity threshold in dBFS (-100 … 0): quieter input is not sent. */
  sensitivity: number;
  noiseSuppression: boolean;
  echoCancellation: boolean;
}

export const defaultSettings: VoiceSettings = {
  inputDeviceId: "",
  outputDeviceId: "",
  mode: "activity",
  pushKey: "KeyV",
  sensitivity: -60,
  noiseSuppression: true,
  echoCancellation: true,
};

export interface Call {
  status: CallStatus;
  serverId: Snowflake | null;
  channelId: Snowflake | null;
  /** Why the last call ended, shown until the next join. */
  error: string | null;
}

export interface VoiceStore {
  states: VoiceStates;
  call: Call;
  quality: Quality | null;
  /** Who is speaking in this client's call, live from the node (and this user, from the local level). */
  speaking: Record<Snowflake, boolean>;
  selfMute: boolean;
  selfDeaf: boolean;
  /** user → playback volume in percent (0–100, the element's volume). */
  volumes: Record<Snowflake, number>;
  settings: VoiceSettings;
  applyEnvelope(envelope: GatewayEnvelope): void;
  setCall(call: Partial<Call>): void;
  setQuality(quality: Quality | null): void;
  setSpeaking(userId: Snowflake, speaking: boolean): void;
  setSelf(self: { selfMute?: boolean; selfDeaf?: boolean }): void;
  setVolume(userId: Snowflake, volume: number): void;
  setSettings(settings: Partial<VoiceSettings>): void;
}

const storageKey = "together.voice";

interface Remembered {
  volumes: Record<Snowflake, number>;
  settings: VoiceSettings;
  selfMute: boolean;
  selfDeaf: boolean;
}

function load(): Remembered {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey) ?? "{}") as Partial<Remembered>;
    return {
      volumes: raw.volumes ?? {},
      settings: { ...defaultSettings, ...raw.settings },
      selfMute: !!raw.selfMute,
      selfDeaf: !!raw.selfDeaf,
    };
  } catch {
    return { volumes: {}, settings: defaultSettings, selfMute: false, selfDeaf: false };
  }
}

function save(state: Remembered) {
  try {
    localStorage.setItem(storageKey, JSON.stringify({ volumes: state.volumes, settings: state.settings, selfMute: state.selfMute, selfDeaf: state.selfDeaf }));
  } catch {
    // Private mode or a full quota: the preferences last until the tab closes.
  }
}

export const idleCall: Call = { status: "idle", serverId: null, channelId: null, error: null };

export const useVoice = create<VoiceStore>()((set, get) => ({
  states: {},
  call: idleCall,
  quality: null,
  speaking: {},
  ...load(),

  applyEnvelope: (envelope) => {
    if (envelope.t === "READY") {
      set({ states: fromReady((envelope.d as { voiceStates?: VoiceState[] }).voiceStates) });
    } else if (envelope.t === "VOICE_STATE_UPDATE") {
      set((state) => ({ states: withVoiceState(state.states, envelope.d as unknown as VoiceState) }));
    }
  },
  setCall: (call) => set((state) => ({ call: { ...state.call, ...call } })),
  setQuality: (quality) => set({ quality }),
  setSpeaking: (userId, speaking) => {
    if (!!get().speaking[userId] === speaking) return;
    set((state) => ({ speaking: { ...state.speaking, [userId]: speaking } }));
  },
  setSelf: (self) => {
    set(self);
    save(get());
  },
  setVolume: (userId, volume) => {
    set((state) => ({ volumes: { ...state.volumes, [userId]: Math.max(0, Math.min(100, Math.round(volume))) } }));
    save(get());
  },
  setSettings: (settings) => {
    set((state) => ({ settings: { ...state.settings, ...settings } }));
    save(get());
  },
}));

/** Whether a user shows as speaking: this call's live view when they share it, else the Api's. */
export function isSpeaking(store: Pick<VoiceStore, "call" | "speaking">, state: VoiceState): boolean {
  if (store.call.channelId === state.channelId && store.call.status === "connected") return !!store.speaking[state.userId];
  return state.speaking;
}
