// What the expert sees of one call besides the video: the customer's journey, chat, ID
// scans, authorization requests, pushed forms and the rating. A pure reducer over the
// data-channel messages (call-messages.ts) and the hub's authorization answers, so every
// rule is testable without WebRTC.
import type { CallMessage } from '../../../protocol/call-messages.js';
import type { QueueEntry } from '../../../protocol/assist-values.js';

type Of<T extends CallMessage['type']> = Extract<CallMessage, { type: T }>;

export type MediaState = 'connecting' | 'connected' | 'disconnected' | 'restarting' | 'failed';

export interface ChatLine {
  id: string;
  from: 'kiosk' | 'expert';
  text: string;
  at: string;
}

export interface AuthorizationItem {
  request: Of<'authorization.request'>;
  status: 'pending' | 'sending' | 'approve' | 'decline';
  decisionId?: string;
}

export interface IdScanItem {
  scanId: string;
  document: 'id-card' | 'passport';
  result?: Of<'id-scan.result'>;
}

export interface FormItem {
  formId: string;
  title: string;
  confirmed?: boolean;
}

export interface CallView {
  sessionId: string;
  request: QueueEntry;
  iceServers: RTCIceServer[];
  startedAt: number;
  media: MediaState;
  iceRestarts: number;
  /** The kiosk's signaling socket is away (hub `peer.state reconnecting`). */
  kioskReconnecting: boolean;
  remoteHasVideo: boolean;
  muted: boolean;
  /** The customer turned their microphone off (data channel `media.state`). */
  kioskMuted: boolean;
  /** What the kiosk said about its devices; null until it has, so no tool is promised. */
  kioskDevices: Of<'kiosk.devices'>['devices'] | null;
  /** Why the last message was not sent, for the expert to read; cleared by the next send. */
  refused: 'card-number' | 'id-number' | 'too-long' | 'not-connected' | null;
  journey: Of<'journey.state'> | null;
  chat: ChatLine[];
  idScans: IdScanItem[];
  authorizations: AuthorizationItem[];
  forms: FormItem[];
  highlight: string | null;
  rating: number | null;
}

export function newCallView(sessionId: string, request: QueueEntry, iceServers: RTCIceServer[], now: number): CallView {
  return {
    sessionId,
    request,
    iceServers,
    startedAt: now,
    media: 'connecting',
    iceRestarts: 0,
    kioskReconnecting: false,
    remoteHasVideo: false,
    muted: false,
    kioskMuted: false,
    kioskDevices: null,
    refused: null,
    journey: null,
    chat: [],
    idScans: [],
    authorizations: [],
    forms: [],
    highlight: null,
    rating: null,
  };
}

const MAX_CHAT_LINES = 200;

/** A message the kiosk sent us over the data channel. */
export function applyKioskMessage(call: CallView, message: CallMessage): CallView {
  switch (message.type) {
    case 'chat':
      return { ...call, chat: [...call.chat, { id: message.id, from: message.from, text: message.text, at: message.at }].slice(-MAX_CHAT_LINES) };
    case 'journey.state':
      return { ...call, journey: message };
    case 'id-scan.result':
      return { ...call, idScans: call.idScans.map((scan) => (scan.scanId === message.scanId ? { ...scan, result: message } : scan)) };
    case 'authorization.request':
      // A repeat of a request we already hold (the kiosk resends after a reconnect) is not new.
      if (call.authorizations.some((a) => a.request.authRequestId === message.authRequestId)) return call;
      return { ...call, authorizations: [...call.authorizations, { request: message, status: 'pending' }] };
    case 'form.response':
      return { ...call, forms: call.forms.map((form) => (form.formId === message.formId ? { ...form, confirmed: message.confirmed } : form)) };
    case 'rating':
      return { ...call, rating: message.rating };
    case 'media.state':
      return { ...call, kioskMuted: message.micMuted };
    case 'kiosk.devices':
      return { ...call, kioskDevices: message.devices };
    default:
      // Expert-to-kiosk types never arrive here: parseCallMessage drops them.
      return call;
  }
}

/** What we sent the kiosk, mirrored into our own view. */
export function applySent(call: CallView, message: CallMessage): CallView {
  switch (message.type) {
    case 'chat':
      return applyKioskMessage(call, message);
    case 'id-scan.request':
      return { ...call, idScans: [...call.idScans, { scanId: message.scanId, document: message.document }] };
    case 'form.push':
      return { ...call, forms: [...call.forms, { formId: message.formId, title: message.title }] };
    case 'highlight':
      return { ...call, highlight: message.on ? message.target : null };
    default:
      return call;
  }
}

export function markAuthorization(call: CallView, authRequestId: string, status: AuthorizationItem['status'], decisionId?: string): CallView {
  return {
    ...call,
    authorizations: call.authorizations.map((a) =>
      a.request.authRequestId === authRequestId ? { ...a, status, ...(decisionId ? { decisionId } : {}) } : a,
    ),
  };
}
