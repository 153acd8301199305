import { useEffect, useRef, useState } from "react";
import type { Snowflake } from "../api/types";
import { request } from "../api/http";
import { ApiError } from "../api/problem";
import { P } from "../permissions/permissions";
import { usePermissions } from "../permissions/usePermissions";
import { useStore } from "../store/store";
import { setVolume } from "./actions";
import type { VoiceState } from "./model";
import { useVoice } from "./store";

/**
 * What can be done to someone in voice: their volume for you (remembered in this browser) and, for moderators,
 * server mute, deafen, move and disconnect (`PATCH /servers/{id}/voice-states/{userId}`). Shown in the sidebar's
 * participant menu and in the member list's context menu.
 */
export function VoiceActions({ serverId, state, name, onDone }: { serverId: Snowflake; state: VoiceState; name: string; onDone: () => void }) {
  const me = useStore((data) => data.me);
  const channels = useStore((data) => data.channels);
  const volume = useVoice((voice) => voice.volumes[state.userId] ?? 100);
  const [error, setError] = useState<string | null>(null);
  // The Api checks each permission in the channel the member is in (docs/api.md "Voice").
  const { can } = usePermissions(serverId, state.channelId ? channels[state.channelId] : undefined);
  const self = me?.id === state.userId;
  const otherVoiceChannels = Object.values(channels).filter((channel) => channel.serverId === serverId && channel.type === "voice" && channel.id !== state.channelId);

  async function moderate(body: { mute?: boolean; deaf?: boolean; channelId?: Snowflake | null }) {
    try {
      setError(null);
      await request<void>("PATCH", `/api/servers/${serverId}/voice-states/${state.userId}`, body);
      onDone();
    } catch (cause) {
      setError(cause instanceof ApiError ? cause.message : String(cause));
    }
  }

  return (
    <div role="group" aria-label="Voice">
      {self ? null : (
        <label className="voice-volume">
          <span>User volume</span>
          <input type="range" min={0} max={100} value={volume} aria-label={`Volume of ${name}`}
            onChange={(event) => setVolume(state.userId, Number(event.target.value))} />
          <span className="voice-volume-value">{volume}%</span>
        </label>
      )}
      {can(P.MuteMembers) ? (
        <button role="menuitemcheckbox" aria-checked={state.mute} onClick={() => void moderate({ mute: !state.mute })}>
          {state.mute ? "Server unmute" : "Server mute"}
        </button>
      ) : null}
      {can(P.DeafenMembers) ? (
        <button role="menuitemcheckbox" aria-checked={state.deaf} onClick={() => void moderate({ deaf: !state.deaf })}>
          {state.deaf ? "Server undeafen" : "Server deafen"}
        </button>
      ) : null}
      {can(P.MoveMembers) ? (
        <>
          {otherVoiceChannels.map((channel) => (
            <button key={channel.id} role="menuitem" onClick={() => void moderate({ channelId: channel.id })}>Move to {channel.name}</button>
          ))}
          <button role="menuitem" className="danger-text" onClick={() => void moderate({ channelId: null })}>Disconnect</button>
        </>
      ) : null}
      {error ? <p className="voice-menu-error" role="alert">{error}</p> : null}
    </div>
  );
}

/** Someone's menu in the sidebar's voice list; closes on Esc and on a click elsewhere. */
export function ParticipantMenu({ serverId, state, name, onClose }: { serverId: Snowflake; state: VoiceState; name: string; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
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
  return (
    <div ref={ref} className="menu voice-menu" role="menu" aria-label={`${name} (voice)`}>
      <VoiceActions serverId={serverId} state={state} name={name} onDone={onClose} />
    </div>
  );
}

/** The member list's part: the voice actions when the member is in a voice channel of this server. */
export function MemberVoiceActions({ serverId, userId, name, onDone }: { serverId: Snowflake; userId: Snowflake; name: string; onDone: () => void }) {
  const state = useVoice((voice) => voice.states[userId]);
  if (!state || state.serverId !== serverId) return null;
  return <VoiceActions serverId={serverId} state={state} name={name} onDone={onDone} />;
}
