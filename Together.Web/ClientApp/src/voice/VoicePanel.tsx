import { lazy, Suspense, useEffect, useState } from "react";
import { Headphones, HeadphoneOff, Mic, MicOff, PhoneOff, Settings2, Signal } from "lucide-react";
import { useStore } from "../store/store";
import { leaveVoice, toggleDeafen, toggleMute } from "./actions";
import type { Quality } from "./model";
import { useVoice } from "./store";
import "./voice.css";

const VoiceSettingsDialog = lazy(() => import("./VoiceSettingsDialog"));

const statusText = { idle: "", connecting: "Connecting…", connected: "Voice connected", reconnecting: "Reconnecting…" } as const;

function qualityText(quality: Quality | null): string {
  if (!quality) return "Measuring…";
  const rtt = quality.rtt === null ? "–" : `${quality.rtt} ms`;
  return `${rtt} · ${(quality.loss * 100).toFixed(1)} % loss · ${quality.jitter} ms jitter`;
}

/** Above the user panel while in a call: the channel, the connection and its quality, settings and leave. */
export function VoicePanel() {
  const call = useVoice((voice) => voice.call);
  const quality = useVoice((voice) => voice.quality);
  const channel = useStore((state) => (call.channelId ? state.channels[call.channelId] : undefined));
  const server = useStore((state) => (call.serverId ? state.servers[call.serverId] : undefined));
  const [settings, setSettings] = useState(false);
  if (call.status === "idle") {
    return call.error ? <p className="voice-ended" role="status">{call.error}</p> : null;
  }
  const level = call.status === "connected" ? quality?.level ?? "good" : "pending";
  return (
    <section className="voice-panel" aria-label="Voice call">
      <div className="voice-panel-row">
        <span className={`voice-quality ${level}`} title={qualityText(quality)} role="img"
          aria-label={call.status === "connected" ? `Connection ${quality?.level ?? "measuring"}: ${qualityText(quality)}` : statusText[call.status]}>
          <Signal size={18} aria-hidden="true" />
        </span>
        <span className="voice-panel-text">
          <span className={`voice-status ${call.status}`} role="status">{statusText[call.status]}</span>
          <span className="voice-where">{channel?.name ?? "Voice"}{server ? ` / ${server.name}` : ""}</span>
        </span>
        <button className="icon" aria-label="Voice settings" title="Voice settings" onClick={() => setSettings(true)}>
          <Settings2 size={18} />
        </button>
        <button className="icon voice-leave" aria-label="Leave voice" title="Leave voice" onClick={leaveVoice}>
          <PhoneOff size={18} />
        </button>
      </div>
      {call.status === "connected" ? <p className="voice-stats">{qualityText(quality)}</p> : null}
      {settings ? (
        <Suspense fallback={null}>
          <VoiceSettingsDialog onClose={() => setSettings(false)} />
        </Suspense>
      ) : null}
    </section>
  );
}

/** The user panel's mute and deafen (also Ctrl/Cmd+Shift+M and +D, UI.md). */
export function VoiceControls() {
  const selfMute = useVoice((voice) => voice.selfMute);
  const selfDeaf = useVoice((voice) => voice.selfDeaf);
  const muted = selfMute || selfDeaf;
  useEffect(() => {
    const shortcut = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || !event.shiftKey) return;
      if (event.code === "KeyM") toggleMute();
      else if (event.code === "KeyD") toggleDeafen();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", shortcut);
    return () => window.removeEventListener("keydown", shortcut);
  }, []);
  return (
    <>
      <button className={`icon${muted ? " voice-off" : ""}`} aria-label="Mute" aria-pressed={muted} title={muted ? "Unmute" : "Mute"} onClick={toggleMute}>
        {muted ? <MicOff size={18} /> : <Mic size={18} />}
      </button>
      <button className={`icon${selfDeaf ? " voice-off" : ""}`} aria-label="Deafen" aria-pressed={selfDeaf} title={selfDeaf ? "Undeafen" : "Deafen"} onClick={toggleDeafen}>
        {selfDeaf ? <HeadphoneOff size={18} /> : <Headphones size={18} />}
      </button>
    </>
  );
}
