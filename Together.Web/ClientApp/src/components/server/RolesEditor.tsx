import { type FormEvent, useState } from "react";
import { Plus } from "lucide-react";
import { api } from "../../api/endpoints";
import type { ApiError } from "../../api/problem";
import type { Role, Snowflake } from "../../api/types";
import { moveRole, rolesByRank } from "../../permissions/order";
import { has, highestPosition, P, parseBits, permissionGroups } from "../../permissions/permissions";
import { usePermissions } from "../../permissions/usePermissions";
import { roleColor } from "../../store/selectors";
import { useStore } from "../../store/store";
import { Field } from "../Field";
import { MoveButtons } from "./MoveButtons";
import { asApiError } from "./ServerSettings";

const emptyRoles: Record<Snowflake, Role> = {};

export function applyRoles(serverId: Snowflake, roles: Role[]) {
  useStore.setState((state) => ({ roles: { ...state.roles, [serverId]: { ...state.roles[serverId], ...Object.fromEntries(roles.map((role) => [role.id, role])) } } }));
}

/**
 * Roles from the highest down, @everyone last; the selected one's name, colour, display options and permission
 * toggles, grouped and explained. A member edits only roles below their own highest and grants only bits they hold.
 */
export function RolesEditor({ serverId }: { serverId: Snowflake }) {
  const roles = useStore((state) => state.roles[serverId] ?? emptyRoles);
  const server = useStore((state) => state.servers[serverId])!;
  const me = useStore((state) => state.me);
  const myMember = useStore((state) => (me ? state.members[serverId]?.[me.id] : undefined));
  const { bits, can } = usePermissions(serverId);
  const ranked = rolesByRank(roles);
  const [selectedId, setSelectedId] = useState<Snowflake>(ranked[0]?.id ?? serverId);
  const [error, setError] = useState<ApiError | null>(null);
  const myTop = me?.id === server.ownerId ? Number.MAX_SAFE_INTEGER : highestPosition({ server, roles, member: myMember }, myMember);
  const selected = roles[selectedId] ?? roles[serverId];

  async function create() {
    setError(null);
    try {
      const role = await api.createRole(serverId, { name: "new role" });
      applyRoles(serverId, [role]);
      setSelectedId(role.id);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function move(role: Role, delta: -1 | 1) {
    const body = moveRole(roles, serverId, role.id, delta);
    if (!body) return;
    try {
      applyRoles(serverId, await api.reorderRoles(serverId, body));
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <div className="editor-split">
      <div className="editor-list">
        <button className="secondary" onClick={() => void create()}><Plus size={16} aria-hidden="true" /> Create role</button>
        <ul aria-label="Roles">
          {ranked.map((role, index) => {
            const editable = role.id !== serverId && role.position < myTop;
            return (
              <li key={role.id} className={role.id === selected?.id ? "editor-item active" : "editor-item"}>
                <button className="editor-pick" aria-current={role.id === selected?.id ? "true" : undefined} onClick={() => setSelectedId(role.id)}>
                  <span className="role-dot" style={{ background: roleColor(role) ?? "var(--text-muted)" }} aria-hidden="true" />
                  {role.name}
                </button>
                {editable ? (
                  <MoveButtons name={role.name} canUp={index > 0 && ranked[index - 1]!.position < myTop} canDown={ranked[index + 1]?.id !== serverId}
                    onMove={(delta) => void move(role, delta)} />
                ) : null}
              </li>
            );
          })}
        </ul>
        {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      </div>
      {selected ? (
        <RoleForm key={selected.id} serverId={serverId} role={selected} mine={bits} editable={selected.id === serverId ? can(P.ManageRoles) : selected.position < myTop}
          onDeleted={() => setSelectedId(serverId)} />
      ) : null}
    </div>
  );
}

function RoleForm({ serverId, role, mine, editable, onDeleted }: { serverId: Snowflake; role: Role; mine: bigint; editable: boolean; onDeleted: () => void }) {
  const everyone = role.id === serverId;
  const [name, setName] = useState(role.name);
  const [color, setColor] = useState(roleColor(role) ?? "#99aab5");
  const [hasColor, setHasColor] = useState(role.color !== 0);
  const [hoist, setHoist] = useState(role.hoist);
  const [mentionable, setMentionable] = useState(!!role.mentionable);
  const [permissions, setPermissions] = useState(parseBits(role.permissions));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const holdsAll = has(mine, P.Administrator);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const body = everyone
        ? { permissions: permissions.toString() }
        : { name: name.trim(), color: hasColor ? parseInt(color.slice(1), 16) : 0, hoist, mentionable, permissions: permissions.toString() };
      applyRoles(serverId, [await api.updateRole(serverId, role.id, body)]);
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function remove() {
    try {
      await api.deleteRole(serverId, role.id);
      useStore.getState().apply({ t: "ROLE_DELETE", s: 0, d: { serverId, roleId: role.id } });
      onDeleted();
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  const toggle = (bit: bigint, on: boolean) => setPermissions((current) => (on ? current | bit : current & ~bit));

  return (
    <form className="editor-form" onSubmit={save} noValidate aria-label={`Edit role ${role.name}`}>
      {!editable ? <p className="muted" role="note">Only roles below your highest role can be edited.</p> : null}
      {everyone ? <p className="muted">@everyone is every member: what it allows, everyone may do.</p> : (
        <>
          <Field label="Role name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} maxLength={100} disabled={!editable} />
          <div className="row">
            <label className="check"><input type="checkbox" checked={hasColor} disabled={!editable} onChange={(e) => setHasColor(e.target.checked)} /> Colour</label>
            <input type="color" aria-label="Role colour" value={color} disabled={!editable || !hasColor} onChange={(e) => setColor(e.target.value)} />
          </div>
          <label className="check"><input type="checkbox" checked={hoist} disabled={!editable} onChange={(e) => setHoist(e.target.checked)} /> Show members with this role separately</label>
          <label className="check"><input type="checkbox" checked={mentionable} disabled={!editable} onChange={(e) => setMentionable(e.target.checked)} /> Anyone may @mention this role</label>
        </>
      )}
      {permissionGroups.map((group) => (
        <fieldset key={group.title} className="permission-group">
          <legend>{group.title}</legend>
          {group.permissions.map((permission) => {
            const bit = P[permission.name];
            // Only bits the editor holds may be granted (the owner and administrators hold them all).
            const grantable = holdsAll || has(mine, bit) || has(permissions, bit);
            return (
              <label key={permission.name} className="permission">
                <span className="permission-text">
                  <span className="permission-label">{permission.label}</span>
                  <span className="muted small">{permission.explain}</span>
                </span>
                <input type="checkbox" role="switch" className="switch" aria-label={permission.label} checked={has(permissions, bit)}
                  disabled={!editable || !grantable} onChange={(e) => toggle(bit, e.target.checked)} />
              </label>
            );
          })}
        </fieldset>
      ))}
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      {editable ? (
        <div className="editor-actions">
          <button className="primary" type="submit">Save role</button>
          {saved ? <span className="muted small" role="status">Saved.</span> : null}
          <span className="spacer" />
          {everyone ? null : <button type="button" className="danger" onClick={() => void remove()}>Delete role</button>}
        </div>
      ) : null}
    </form>
  );
}
