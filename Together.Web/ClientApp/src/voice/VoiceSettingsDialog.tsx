import { useEffect, useState } from "react";
import { Dialog } from "../components/Dialog";
import { changeSettings } from "./actions";
import { useVoice } from "./store";

/** The voice panel's settings dialog. */
export default function VoiceSettingsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Voice settings" onClose={onClose}>
      <VoiceSettingsFields />
    </Dialog>
  );
}

/** Devices, input mode (voice activity with a sensitivity, or push-to-talk) and the browser's processing. */
export function VoiceSettingsFields() {
  const settings = useVoice((voice) => voice.settings);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [recording, setRecording] = useState(false);
  const canPickOutput = "setSinkId" in HTMLMediaElement.prototype;

  useEffect(() => {
    const list = () => void navigator.mediaDevices?.enumerateDevices().then(setDevices);
    list();
    navigator.mediaDevices?.addEventListener("devicechange", list);
    return () => navigator.mediaDevices?.removeEventListener("devicechange", list);
  }, []);

  useEffect(() => {
    if (!recording) return;
    const pick = (event: KeyboardEvent) => {
      event.preventDefault();
      setRecording(false);
      if (event.key !== "Escape") changeSettings({ pushKey: event.code });
    };
    window.addEventListener("keydown", pick, { capture: true, once: true });
    return () => window.removeEventListener("keydown", pick, { capture: true });
  }, [recording]);

  const inputs = devices.filter((device) => device.kind === "audioinput");
  const outputs = devices.filter((device) => device.kind === "audiooutput");
  return (
    <>
      <div className="field">
        <label htmlFor="voice-input">Input device</label>
        <select id="voice-input" value={settings.inputDeviceId} onChange={(event) => changeSettings({ inputDeviceId: event.target.value })}>
          <option value="">Default</option>
          {inputs.filter((device) => device.deviceId !== "default").map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>{device.label || `Microphone ${index + 1}`}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="voice-output">Output device</label>
        <select id="voice-output" value={settings.outputDeviceId} disabled={!canPickOutput}
          onChange={(event) => changeSettings({ outputDeviceId: event.target.value })}>
          <option value="">Default</option>
          {outputs.filter((device) => device.deviceId !== "default").map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>{device.label || `Speaker ${index + 1}`}</option>
          ))}
        </select>
        {canPickOutput ? null : <small className="muted">This browser plays through its default output.</small>}
      </div>
      <fieldset className="voice-mode">
        <legend>Input mode</legend>
        <label className="check"><input type="radio" name="voice-mode" checked={settings.mode === "activity"} onChange={() => changeSettings({ mode: "activity" })} /> Voice activity</label>
        <label className="check"><input type="radio" name="voice-mode" checked={settings.mode === "push"} onChange={() => changeSettings({ mode: "push" })} /> Push to talk</label>
      </fieldset>
      {settings.mode === "activity" ? (
        <div className="field">
          <label htmlFor="voice-sensitivity">Sensitivity ({settings.sensitivity} dB)</label>
          <input id="voice-sensitivity" type="range" min={-100} max={0} value={settings.sensitivity}
            onChange={(event) => changeSettings({ sensitivity: Number(event.target.value) })} />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="voice-key">Push-to-talk key</label>
          <button id="voice-key" type="button" className="secondary" onClick={() => setRecording(true)}>
            {recording ? "Press a key…" : settings.pushKey}
          </button>
        </div>
      )}
      <label className="check"><input type="checkbox" checked={settings.noiseSuppression} onChange={(event) => changeSettings({ noiseSuppression: event.target.checked })} /> Noise suppression</label>
      <label className="check"><input type="checkbox" checked={settings.echoCancellation} onChange={(event) => changeSettings({ echoCancellation: event.target.checked })} /> Echo cancellation</label>
    </>
  );
}
