// Who is on the other end of a signaling socket, and what the assistance service may do with
// that socket. The service never touches `ws` directly, so it runs in tests without sockets.
import type { StaffProfile } from '../experts/expert-roster.js';
import type { AssistErrorCode, ExpertInbound, KioskInbound } from '../../../protocol/assist-signaling.js';

export type PartyIdentity =
  | { kind: 'kiosk'; kioskId: string }
  /** `token` lets the socket re-check the staff session while it stays open. */
  | { kind: 'staff'; profile: StaffProfile; token: string };

export interface PeerLink<M> {
  readonly connId: number;
  send(message: M): void;
  close(code: number, reason: string): void;
}

export type KioskLink = PeerLink<KioskInbound> & { readonly party: { kind: 'kiosk'; kioskId: string } };
export type StaffLink = PeerLink<ExpertInbound> & { readonly party: { kind: 'staff'; profile: StaffProfile; token: string } };
export type AnyLink = KioskLink | StaffLink;

/** A refusal the socket layer turns into `{type:'error', code, message, about}`. */
export class AssistError extends Error {
  constructor(
    readonly code: AssistErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AssistError';
  }
}

export function isSupervisor(profile: StaffProfile): boolean {
  return profile.role === 'supervisor' || profile.role === 'admin';
}
