import { beforeEach, describe, expect, it, vi } from "vitest";
import type { VoiceState } from "./model";

const state = (userId: string, channelId: string | null, extra: Partial<VoiceState> = {}): VoiceState => ({
  serverId: "10", channelId, userId, selfMute: false, selfDeaf: false, mute: false, deaf: false, suppress: false, speaking: false, ...extra,
});

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
}

async function freshStore(storage = memoryStorage()) {
  vi.resetModules();
  vi.stubGlobal("localStorage", storage);
  return { ...(await import("./store")), storage };
}

describe("voice store", () => {
  beforeEach(() => vi.unstubAllGlobals());

  it("follows READY and VOICE_STATE_UPDATE: join, mute, move away, leave", async () => {
    const { useVoice } = await freshStore();
    const apply = useVoice.getState().applyEnvelope;
    apply({ t: "READY", s: 1, d: { voiceStates: [state("1", "50"), state("2", "50")] } });
    expect(Object.keys(useVoice.getState().states)).toEqual(["1", "2"]);
    apply({ t: "VOICE_STATE_UPDATE", s: 2, d: state("2", "50", { selfMute: true }) });
    expect(useVoice.getState().states["2"]?.selfMute).toBe(true);
    apply({ t: "VOICE_STATE_UPDATE", s: 3, d: state("1", "51") });
    expect(useVoice.getState().states["1"]?.channelId).toBe("51");
    apply({ t: "VOICE_STATE_UPDATE", s: 4, d: state("2", null) });
    expect(useVoice.getState().states["2"]).toBeUndefined();
    apply({ t: "MESSAGE_CREATE", s: 5, d: { id: "9" } });
    expect(Object.keys(useVoice.getState().states)).toEqual(["1"]);
  });

  it("shows speaking from the node in one's own call and from the Api elsewhere", async () => {
    const { isSpeaking } = await freshStore();
    const inCall = { call: { status: "connected" as const, serverId: "10", channelId: "50", error: null }, speaking: { 2: true } };
    expect(isSpeaking(inCall, state("2", "50"))).toBe(true);
    expect(isSpeaking(inCall, state("3", "50", { speaking: true }))).toBe(false);
    expect(isSpeaking(inCall, state("4", "51", { speaking: true }))).toBe(true);
  });

  it("remembers volumes (clamped to 0–100), settings and self mute in localStorage across reloads", async () => {
    const { useVoice, storage } = await freshStore();
    useVoice.getState().setVolume("2", 40);
    useVoice.getState().setVolume("3", 250);
    useVoice.getState().setSettings({ mode: "push", pushKey: "KeyT", noiseSuppression: false });
    useVoice.getState().setSelf({ selfMute: true });

    const reloaded = (await freshStore(memoryStorage(Object.fromEntries(storage.data)))).useVoice.getState();
    expect(reloaded.volumes).toEqual({ 2: 40, 3: 100 });
    expect(reloaded.settings).toMatchObject({ mode: "push", pushKey: "KeyT", noiseSuppression: false, echoCancellation: true, sensitivity: -60 });
    expect(reloaded.selfMute).toBe(true);
  });

  it("starts from defaults when storage is missing or holds garbage", async () => {
    const { useVoice } = await freshStore(memoryStorage({ "together.voice": "{not json" }));
    expect(useVoice.getState().volumes).toEqual({});
    expect(useVoice.getState().settings.mode).toBe("activity");
  });
});
