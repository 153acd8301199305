import { type FormEvent, useState } from "react";
import { Folder, Hash, Volume2 } from "lucide-react";
import { api } from "../../api/endpoints";
import type { ApiError } from "../../api/problem";
import type { Channel, PermissionOverwrite, Snowflake } from "../../api/types";
import { moveChannel, type OverwriteState, overwriteState, rolesByRank, withOverwriteState } from "../../permissions/order";
import { P, parseBits, permissionGroups } from "../../permissions/permissions";
import { usePermissions } from "../../permissions/usePermissions";
import { displayName } from "../../store/model";
import { sidebarTree } from "../../store/selectors";
import { useStore } from "../../store/store";
import { Field } from "../Field";
import { MoveButtons } from "./MoveButtons";
import { asApiError } from "./ServerSettings";

const icons = { text: Hash, voice: Volume2, category: Folder } as const;

function applyChannels(channels: Channel[]) {
  for (const channel of channels) useStore.getState().apply({ t: "CHANNEL_UPDATE", s: 0, d: channel });
}

/** Channels and categories in sidebar order, each movable up and down, with its settings and permission overwrites. */
export function ChannelsEditor({ serverId, initialChannelId }: { serverId: Snowflake; initialChannelId?: Snowflake }) {
  const channels = useStore((state) => state.channels);
  const { can } = usePermissions(serverId);
  const sections = sidebarTree(channels, serverId);
  const ordered = sections.flatMap((section) => [...(section.category ? [section.category] : []), ...section.channels]);
  const [selectedId, setSelectedId] = useState<Snowflake | undefined>(initialChannelId ?? ordered[0]?.id);
  const [error, setError] = useState<ApiError | null>(null);
  const selected = selectedId ? channels[selectedId] : undefined;
  const manage = can(P.ManageChannels);

  async function move(channel: Channel, delta: -1 | 1) {
    const body = moveChannel(channels, serverId, channel.id, delta);
    if (!body) return;
    setError(null);
    try {
      applyChannels(await api.reorderChannels(serverId, body));
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <div className="editor-split">
      <div className="editor-list">
        <ul aria-label="Channels">
          {ordered.map((channel) => {
            const Icon = icons[channel.type as keyof typeof icons] ?? Hash;
            return (
              <li key={channel.id} className={["editor-item", channel.id === selectedId ? "active" : "", channel.parentId ? "nested" : ""].join(" ")}>
                <button className="editor-pick" aria-current={channel.id === selectedId ? "true" : undefined} onClick={() => setSelectedId(channel.id)}>
                  <Icon size={14} aria-hidden="true" /> {channel.name}
                </button>
                {manage ? (
                  <MoveButtons name={channel.name ?? ""} canUp={!!moveChannel(channels, serverId, channel.id, -1)} canDown={!!moveChannel(channels, serverId, channel.id, 1)}
                    onMove={(delta) => void move(channel, delta)} />
                ) : null}
              </li>
            );
          })}
        </ul>
        {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      </div>
      {selected ? (
        <div className="editor-form">
          {manage ? <ChannelForm key={selected.id} serverId={serverId} channel={selected} onDeleted={() => setSelectedId(undefined)} /> : null}
          {can(P.ManageRoles) ? <OverwritesEditor key={`o${selected.id}`} serverId={serverId} channel={selected} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function ChannelForm({ serverId, channel, onDeleted }: { serverId: Snowflake; channel: Channel; onDeleted: () => void }) {
  const channels = useStore((state) => state.channels);
  const [name, setName] = useState(channel.name ?? "");
  const [topic, setTopic] = useState(channel.topic ?? "");
  const [parentId, setParentId] = useState(channel.parentId ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const categories = Object.values(channels).filter((c) => c.serverId === serverId && c.type === "category");

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      // "" takes a channel out of its category and removes a topic.
      const body = { name: name.trim(), ...(channel.type === "text" ? { topic } : {}), ...(channel.type === "category" ? {} : { parentId }) };
      applyChannels([await api.updateChannel(channel.id, body)]);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function remove() {
    try {
      await api.deleteChannel(channel.id);
      useStore.getState().apply({ t: "CHANNEL_DELETE", s: 0, d: { id: channel.id, serverId } });
      onDeleted();
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <form onSubmit={save} noValidate className="stack" aria-label={`Edit ${channel.name}`}>
      <h2>{channel.type === "category" ? "Category" : channel.type === "voice" ? "Voice channel" : "Text channel"}</h2>
      <Field label="Channel name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} maxLength={100} />
      {channel.type === "text" ? (
        <Field label="Topic" value={topic} onChange={(e) => setTopic(e.target.value)} error={error?.field("topic")} maxLength={1024} />
      ) : null}
      {channel.type !== "category" ? (
        <div className="field">
          <label htmlFor="channel-parent">Category</label>
          <select id="channel-parent" value={parentId} onChange={(e) => setParentId(e.target.value)}>
            <option value="">No category</option>
            {categories.map((category) => <option key={category.id} value={category.id}>{category.name}</option>)}
          </select>
        </div>
      ) : null}
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <div className="editor-actions">
        <button className="primary" type="submit">Save channel</button>
        {saved ? <span className="muted small" role="status">Saved.</span> : null}
        <span className="spacer" />
        <button type="button" className="danger" onClick={() => void remove()}>Delete {channel.type === "category" ? "category" : "channel"}</button>
      </div>
    </form>
  );
}

const states: { value: OverwriteState; label: string; symbol: string }[] = [
  { value: "deny", label: "Deny", symbol: "✕" },
  { value: "inherit", label: "Inherit", symbol: "/" },
  { value: "allow", label: "Allow", symbol: "✓" },
];

/**
 * A channel's permission overwrites: one per role or member, each bit denied, inherited (from the roles) or
 * allowed. A synced channel shows its category's overwrites; editing one ends the sync (the server copies them).
 */
function OverwritesEditor({ serverId, channel }: { serverId: Snowflake; channel: Channel }) {
  const roles = useStore((state) => state.roles[serverId]);
  const members = useStore((state) => state.members[serverId]);
  const overwrites = channel.permissionOverwrites ?? [];
  const [targetId, setTargetId] = useState<Snowflake>(overwrites[0]?.id ?? serverId);
  const [adding, setAdding] = useState("");
  const current = overwrites.find((overwrite) => overwrite.id === targetId);
  const targetType: "role" | "member" = current?.type ?? (roles?.[targetId] ? "role" : "member");
  const [allow, setAllow] = useState(parseBits(current?.allow));
  const [deny, setDeny] = useState(parseBits(current?.deny));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const nameOf = (overwrite: Pick<PermissionOverwrite, "id" | "type">) => {
    if (overwrite.type === "role") return overwrite.id === serverId ? "@everyone" : roles?.[overwrite.id]?.name ?? "Unknown role";
    const member = members?.[overwrite.id];
    return member ? displayName(member.user, member) : "Unknown member";
  };

  function select(id: Snowflake) {
    const overwrite = overwrites.find((candidate) => candidate.id === id);
    setTargetId(id);
    setAllow(parseBits(overwrite?.allow));
    setDeny(parseBits(overwrite?.deny));
    setSaved(false);
    setError(null);
  }

  async function save() {
    setError(null);
    setSaved(false);
    try {
      applyChannels([await api.setOverwrite(channel.id, targetId, { type: targetType, allow: allow.toString(), deny: deny.toString() })]);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function remove() {
    try {
      await api.deleteOverwrite(channel.id, targetId);
      const remaining = overwrites.filter((overwrite) => overwrite.id !== targetId);
      applyChannels([{ ...channel, permissionsSynced: false, permissionOverwrites: remaining }]);
      select(serverId);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  const candidates = [
    ...rolesByRank(roles ?? {}).filter((role) => !overwrites.some((o) => o.id === role.id)).map((role) => ({ id: role.id, label: role.id === serverId ? "@everyone" : role.name })),
    ...Object.values(members ?? {}).filter((m) => !overwrites.some((o) => o.id === m.user.id)).map((m) => ({ id: m.user.id, label: `${displayName(m.user, m)} (member)` })),
  ];
  const listed = current || targetId === serverId ? overwrites : [...overwrites, { id: targetId, type: targetType, allow: "0", deny: "0" }];
  const targets = listed.some((o) => o.id === serverId) ? listed : [{ id: serverId, type: "role" as const, allow: "0", deny: "0" }, ...listed];

  return (
    <section className="overwrites" aria-labelledby="overwrites-title">
      <h2 id="overwrites-title">Permissions</h2>
      {channel.permissionsSynced && channel.parentId ? <p className="muted small">Synced with its category: a change here ends the sync.</p> : null}
      <div className="row">
        <div className="field">
          <label htmlFor="overwrite-add">Add a role or member</label>
          <select id="overwrite-add" value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Choose…</option>
            {candidates.map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.label}</option>)}
          </select>
        </div>
        <button type="button" className="secondary" disabled={!adding} onClick={() => { select(adding); setAdding(""); }}>Add</button>
      </div>
      <div className="chips" role="tablist" aria-label="Overwrite targets">
        {targets.map((overwrite) => (
          <button key={overwrite.id} type="button" role="tab" aria-selected={overwrite.id === targetId} className={overwrite.id === targetId ? "chip active" : "chip"} onClick={() => select(overwrite.id)}>
            {nameOf(overwrite)}
          </button>
        ))}
      </div>
      {permissionGroups.map((group) => {
        const shown = group.permissions.filter((permission) => permission.channel && (channel.type !== "text" || group.title !== "Voice") && (channel.type !== "voice" || group.title !== "Text"));
        if (shown.length === 0) return null;
        return (
          <fieldset key={group.title} className="permission-group">
            <legend>{group.title}</legend>
            {shown.map((permission) => {
              const bit = P[permission.name];
              const state = overwriteState(allow, deny, bit);
              return (
                <div key={permission.name} className="permission" role="radiogroup" aria-label={permission.label}>
                  <span className="permission-text">
                    <span className="permission-label">{permission.label}</span>
                    <span className="muted small">{permission.explain}</span>
                  </span>
                  <span className="tristate">
                    {states.map((option) => (
                      <label key={option.value} className={`tri ${option.value}${state === option.value ? " on" : ""}`} title={option.label}>
                        <input type="radio" name={`ow-${permission.name}`} aria-label={`${option.label} ${permission.label}`} checked={state === option.value}
                          onChange={() => {
                            const next = withOverwriteState(allow, deny, bit, option.value);
                            setAllow(next.allow);
                            setDeny(next.deny);
                          }} />
                        <span aria-hidden="true">{option.symbol}</span>
                      </label>
                    ))}
                  </span>
                </div>
              );
            })}
          </fieldset>
        );
      })}
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <div className="editor-actions">
        <button type="button" className="primary" onClick={() => void save()}>Save permissions</button>
        {saved ? <span className="muted small" role="status">Saved.</span> : null}
        <span className="spacer" />
        {current ? <button type="button" className="danger" onClick={() => void remove()}>Remove overwrite</button> : null}
      </div>
    </section>
  );
}
