import { useEffect, useRef, useState } from "react";
import type { Snowflake } from "../api/types";
import { request } from "../api/http";
import { ApiError } from "../api/problem";
import { useStore } from "../store/store";
import { setVolume } from "./actions";
import type { VoiceState } from "./model";
import { DeafenMembers, has, MoveMembers, MuteMembers, serverPermissions } from "./permissions";
import { useVoice } from "./store";

/**
 * A voice participant's menu: their volume for you (remembered in this browser) and, for moderators, server
 * mute, deafen, move and disconnect (`PATCH /servers/{id}/voice-states/{userId}`).
 */
export function ParticipantMenu({ serverId, state, name, onClose }: { serverId: Snowflake; state: VoiceState; name: string; onClose: () => void }) {
  const me = useStore((data) => data.me);
  const server = useStore((data) => data.servers[serverId]);
  const roles = useStore((data) => data.roles[serverId]);
  const members = useStore((data) => data.members[serverId]);
  const channels = useStore((data) => data.channels);
  const volume = useVoice((voice) => voice.volumes[state.userId] ?? 100);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const permissions = me ? serverPermissions(server, roles, members?.[me.id], me.id) : 0n;
  const self = me?.id === state.userId;
  const otherVoiceChannels = Object.values(channels).filter((channel) => channel.serverId === serverId && channel.type === "voice" && channel.id !== state.channelId);

  useEffect(() => {
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [onClose]);

  async function moderate(body: { mute?: boolean; deaf?: boolean; channelId?: Snowflake | null }) {
    try {
      setError(null);
      await request<void>("PATCH", `/api/servers/${serverId}/voice-states/${state.userId}`, body);
      onClose();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    }
  }

  return (
    <div ref={ref} className="menu voice-menu" role="menu" aria-label={`${name} (voice)`}>
      {self ? null : (
        <label className="voice-volume">
          <span>User volume</span>
          <input type="range" min={0} max={100} value={volume} aria-label={`Volume of ${name}`}
            onChange={(event) => setVolume(state.userId, Number(event.target.value))} />
          <span className="voice-volume-value">{volume}%</span>
        </label>
      )}
      {has(permissions, MuteMembers) ? (
        <button role="menuitemcheckbox" aria-checked={state.mute} onClick={() => void moderate({ mute: !state.mute })}>
          {state.mute ? "Server unmute" : "Server mute"}
        </button>
      ) : null}
      {has(permissions, DeafenMembers) ? (
        <button role="menuitemcheckbox" aria-checked={state.deaf} onClick={() => void moderate({ deaf: !state.deaf })}>
          {state.deaf ? "Server undeafen" : "Server deafen"}
        </button>
      ) : null}
      {has(permissions, MoveMembers) ? (
        <>
          {otherVoiceChannels.map((channel) => (
            <button key={channel.id} role="menuitem" onClick={() => void moderate({ channelId: channel.id })}>Move to {channel.name}</button>
          ))}
          <button role="menuitem" className="danger" onClick={() => void moderate({ channelId: null })}>Disconnect</button>
        </>
      ) : null}
      {error ? <p className="voice-menu-error" role="alert">{error}</p> : null}
    </div>
  );
}
