import type { GatewayEnvelope, Message } from "../api/types";
import { navigate } from "../app/router";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";
import { notificationText, shouldNotify } from "./rules";

/** Called for every gateway event; shows a notification when the user asked for them and the browser allows it. */
export function notifyFor(envelope: GatewayEnvelope): void {
  if (envelope.t !== "MESSAGE_CREATE" || !useUi.getState().notifications) return;
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const state = useStore.getState();
  const message = envelope.d as Message;
  if (!shouldNotify(state, message, document.visibilityState === "hidden")) return;
  const { title, body } = notificationText(state, message);
  const notification = new Notification(title, { body, tag: message.channelId, icon: "/icons/icon-192.png" });
  const channel = state.channels[message.channelId];
  notification.onclick = () => {
    window.focus();
    navigate(channel?.serverId ? `/channels/${channel.serverId}/${message.channelId}` : `/channels/@me/${message.channelId}`);
    notification.close();
  };
}
