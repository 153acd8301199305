import type { Snowflake } from "../api/types";
import { prepareAudioOut } from "./audioOut";
import { useVoice, type VoiceSettings } from "./store";

// What the UI calls. The call code (WebRTC, signalling, meters) loads on the first join, keeping the first load small.

const loadCall = () => import("./call");

/** Must be called from the click itself: the audio elements are made (and unlocked) before anything awaits. */
export function joinVoice(serverId: Snowflake, channelId: Snowflake): void {
  const call = useVoice.getState().call;
  if (call.channelId === channelId && call.status !== "idle") return;
  prepareAudioOut();
  useVoice.getState().setCall({ status: "connecting", serverId, channelId, error: null });
  void loadCall()
    .then((call) => call.join(serverId, channelId))
    .catch((error: unknown) => useVoice.getState().setCall({ status: "idle", channelId: null, serverId: null, error: String(error) }));
}

export function leaveVoice(): void {
  void loadCall().then((call) => call.leave());
}

export function toggleMute(): void {
  const { selfMute, selfDeaf } = useVoice.getState();
  // Unmuting while deafened undeafens too, as people expect from Discord.
  void setSelf(selfDeaf ? false : !selfMute, false);
}

export function toggleDeafen(): void {
  const { selfMute, selfDeaf } = useVoice.getState();
  void setSelf(selfMute, !selfDeaf);
}

async function setSelf(selfMute: boolean, selfDeaf: boolean) {
  if (useVoice.getState().call.status === "idle") {
    useVoice.getState().setSelf({ selfMute, selfDeaf });
    return;
  }
  (await loadCall()).setSelf(selfMute, selfDeaf);
}

export function setVolume(userId: Snowflake, volume: number): void {
  useVoice.getState().setVolume(userId, volume);
  if (useVoice.getState().call.status !== "idle") void loadCall().then((call) => call.applyVolumes());
}

export function changeSettings(changed: Partial<VoiceSettings>): void {
  if (useVoice.getState().call.status === "idle") useVoice.getState().setSettings(changed);
  else void loadCall().then((call) => call.applySettings(changed));
}
