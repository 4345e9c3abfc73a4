// The data channel's message schemas (protocol/call-messages.ts), loaded when a call starts
// rather than with the page: they are most of the zod the kiosk page would otherwise build
// before its first screen (cold start, issue 15), and nothing but a call uses them. A call
// opens its peer only once they are here (CallController.start), so every message sent or
// received is checked.
type CallMessageRules = Pick<typeof import('../../../protocol/call-messages.js'), 'callMessageSchema' | 'parseCallMessage'>;

let rules: CallMessageRules | null = null;
let loading: Promise<CallMessageRules> | null = null;

export function loadCallMessageRules(): Promise<CallMessageRules> {
  loading ??= import('../../../protocol/call-messages.js').then(
    (loaded) => (rules = loaded),
    (err: unknown) => {
      // A failed load (a chunk missing after an update) is tried again by the next call.
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** The rules once loaded; null before the first call has loaded them. */
export function callMessageRules(): CallMessageRules | null {
  return rules;
}
