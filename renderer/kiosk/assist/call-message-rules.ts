// The data channel's message schemas (protocol/call-messages.ts), loaded when a call starts
// rather than with the page: they are most of the zod the kiosk page would otherwise build
// before its first screen (cold start, issue 15), and nothing but a call uses them. A call
// opens its peer only once they are here (CallController.start), so every message sent or
// received is checked.
import { loadOnce } from './load-once.js';

type CallMessageRules = Pick<typeof import('../../../protocol/call-messages.js'), 'callMessageSchema' | 'parseCallMessage'>;

const rules = loadOnce<CallMessageRules>(() => import('../../../protocol/call-messages.js'));

export const loadCallMessageRules = (): Promise<CallMessageRules> => rules.load();

/** The rules once loaded; null before the first call has loaded them. */
export const callMessageRules = (): CallMessageRules | null => rules.loaded();
