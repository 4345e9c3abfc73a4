// What the call screen shows, as one immutable value, and how each data-channel message from
// the expert changes it. Pure, so every message type is tested without a peer.
import type { CallMessage } from '../../../protocol/call-messages.js';
import type { MediaMode } from './local-media.js';

export interface ChatEntry {
  id: string;
  from: 'kiosk' | 'expert';
  text: string;
  at: string;
}

type Of<T extends CallMessage['type']> = Extract<CallMessage, { type: T }>;

export type IdScanStatus = 'waiting' | 'ok' | 'unreadable' | 'declined' | 'no-reader';

export interface CallView {
  sessionId: string;
  expertName: string;
  /** The peer connection: first connect, up, ICE restarting, or a new peer after the old one died. */
  link: 'connecting' | 'connected' | 'restarting' | 'rejoining';
  media: MediaMode | 'pending';
  muted: boolean;
  /** The expert turned their microphone off: the customer must not think the sound failed. */
  expertMuted: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  /** The expert's signaling socket dropped; the hub keeps the call for its grace period. */
  expertAway: boolean;
  chat: ChatEntry[];
  form: Pick<Of<'form.push'>, 'formId' | 'title' | 'fields'> | null;
  idScan: { scanId: string; document: Of<'id-scan.request'>['document']; status: IdScanStatus } | null;
  /** The hub-signed decision (never the data-channel copy). */
  authorization: { decisionId: string; action: string; decision: 'approve' | 'decline' } | null;
  /** The UI target the expert is pointing at. */
  highlight: string | null;
}

export const MAX_CHAT_ENTRIES = 200;

export function initialView(sessionId: string, expertName: string): CallView {
  return {
    sessionId,
    expertName,
    link: 'connecting',
    media: 'pending',
    muted: false,
    expertMuted: false,
    localStream: null,
    remoteStream: null,
    expertAway: false,
    chat: [],
    form: null,
    idScan: null,
    authorization: null,
    highlight: null,
  };
}

export function withChat(view: CallView, entry: ChatEntry): CallView {
  return { ...view, chat: [...view.chat, entry].slice(-MAX_CHAT_ENTRIES) };
}

/** An ID scan to start on the host, if the message asked for one. */
export type CallEffect = { kind: 'id-scan'; scanId: string; document: Of<'id-scan.request'>['document'] } | null;

/** Applies a message the kiosk received (already validated and sender-checked). */
export function applyCallMessage(view: CallView, message: CallMessage): { view: CallView; effect: CallEffect } {
  switch (message.type) {
    case 'chat':
      return { view: message.from === 'expert' ? withChat(view, { id: message.id, from: 'expert', text: message.text, at: message.at }) : view, effect: null };
    case 'media.state':
      return { view: { ...view, expertMuted: message.micMuted }, effect: null };
    case 'highlight':
      if (message.on) return { view: { ...view, highlight: message.target }, effect: null };
      return { view: view.highlight === message.target ? { ...view, highlight: null } : view, effect: null };
    case 'form.push':
      return { view: { ...view, form: { formId: message.formId, title: message.title, fields: message.fields } }, effect: null };
    case 'id-scan.request':
      return {
        view: { ...view, idScan: { scanId: message.scanId, document: message.document, status: 'waiting' } },
        effect: { kind: 'id-scan', scanId: message.scanId, document: message.document },
      };
    default:
      // The data-channel copy of an authorization decision is display-only for the expert's
      // side; the kiosk acts on the hub-signed copy that arrives over signaling.
      return { view, effect: null };
  }
}
