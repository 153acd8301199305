import { useState } from "react";
import { request } from "../api/http";
import { ApiError } from "../api/problem";
import { useStore } from "../store/store";
import { VoiceSettingsFields } from "./VoiceSettingsDialog";

/** Settings' voice section: the same fields as the call panel's dialog. */
export function VoiceSettingsSection() {
  return (
    <section className="settings-section" aria-labelledby="voice-settings-title">
      <h2 id="voice-settings-title">Voice</h2>
      <VoiceSettingsFields />
    </section>
  );
}

interface DoctorReport {
  passed: boolean;
  output: string;
}

/**
 * For instance administrators: the voice doctor (`Together.Api doctor`) run by the Api against the address this
 * browser used (`POST /api/admin/voice-doctor`), each line with its fix.
 */
export function VoiceDoctorSection() {
  const isAdmin = useStore((state) => state.me?.isAdmin ?? false);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!isAdmin) return null;

  async function run() {
    setRunning(true);
    setError(null);
    try {
      setReport(await request<DoctorReport>("POST", "/api/admin/voice-doctor"));
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="settings-section" aria-labelledby="voice-doctor-title">
      <h2 id="voice-doctor-title">Voice connectivity</h2>
      <p className="muted">Checks from the outside in that people can reach voice here: the media node's signalling, its UDP
        port and announced address, and the TURN servers' credentials. Each failure names its fix.</p>
      <button className="primary" disabled={running} onClick={() => void run()}>{running ? "Checking…" : "Run the checks"}</button>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {report ? (
        <>
          <p role="status" className={report.passed ? "doctor-verdict ok" : "doctor-verdict fail"}>
            {report.passed ? "Voice works from here." : "Voice has problems: fix the FAIL lines."}
          </p>
          <pre className="doctor-output" aria-label="Doctor output">{report.output}</pre>
        </>
      ) : null}
    </section>
  );
}
