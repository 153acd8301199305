import { useState } from "react";
import { HeadphoneOff, MicOff } from "lucide-react";
import type { Snowflake } from "../api/types";
import { Avatar } from "../components/Avatar";
import { displayName } from "../store/model";
import { useStore } from "../store/store";
import { inChannel } from "./model";
import { ParticipantMenu } from "./ParticipantMenu";
import { isSpeaking, useVoice } from "./store";

/** Under a voice channel in the sidebar: who is in it, a ring on whoever speaks, their mute and deafen. */
export function VoiceParticipants({ serverId, channelId }: { serverId: Snowflake; channelId: Snowflake }) {
  const states = useVoice((voice) => voice.states);
  const call = useVoice((voice) => voice.call);
  const speaking = useVoice((voice) => voice.speaking);
  const members = useStore((state) => state.members[serverId]);
  const me = useStore((state) => state.me);
  const [menu, setMenu] = useState<Snowflake | null>(null);
  const list = inChannel(states, channelId);
  if (list.length === 0) return null;
  return (
    <ul className="voice-participants" aria-label="In the channel">
      {list.map((state) => {
        const member = members?.[state.userId];
        const user = member?.user ?? (me?.id === state.userId ? me : { id: state.userId, username: "Someone", displayName: null, createdAt: "" });
        const name = displayName(user, member);
        const talking = isSpeaking({ call, speaking }, state);
        const muted = state.selfMute || state.mute;
        const deafened = state.selfDeaf || state.deaf;
        const flags = [talking ? "speaking" : "", state.mute ? "server muted" : muted ? "muted" : "", state.deaf ? "server deafened" : deafened ? "deafened" : ""]
          .filter(Boolean).join(", ");
        return (
          <li key={state.userId} className="voice-participant-row">
            <button
              className={`voice-participant${talking ? " speaking" : ""}`}
              aria-label={`${name}${flags ? `, ${flags}` : ""}`}
              aria-haspopup="menu"
              aria-expanded={menu === state.userId}
              onClick={() => setMenu(menu === state.userId ? null : state.userId)}
              onContextMenu={(event) => { event.preventDefault(); setMenu(state.userId); }}
            >
              <span className="voice-avatar"><Avatar user={user} size={24} /></span>
              <span className="voice-name">{name}</span>
              {muted ? <MicOff size={14} aria-hidden="true" className={state.mute ? "voice-flag server" : "voice-flag"} /> : null}
              {deafened ? <HeadphoneOff size={14} aria-hidden="true" className={state.deaf ? "voice-flag server" : "voice-flag"} /> : null}
            </button>
            {menu === state.userId ? <ParticipantMenu serverId={serverId} state={state} name={name} onClose={() => setMenu(null)} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
