// A read-only bridge request as React state: loading → ready | failed(code), with retry.
// Only for requests without input and without side effects, so React running the effect
// twice (StrictMode, remounts) costs nothing.
import { useCallback, useEffect, useState } from 'react';
import type { RequestInput, RequestOutput } from '../../electron/bridge/contract.js';
import { errorCodeOf } from '../i18n/error-messages.js';
import { useBridge } from './BridgeContext.js';

export type ReadName = 'kiosk.info' | 'queue.services' | 'billPayment.billers';

export type ReadState<T> = { status: 'loading' } | { status: 'failed'; code: string } | { status: 'ready'; value: T };

export function useBridgeRead<N extends ReadName>(method: N): { state: ReadState<RequestOutput<N>>; retry: () => void } {
  const client = useBridge();
  const [state, setState] = useState<ReadState<RequestOutput<N>>>({ status: 'loading' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let active = true;
    // Every ReadName takes the empty input; TypeScript cannot see that through the generic.
    const input = {} as RequestInput<N>;
    client
      .request(method, input)
      .then((value) => active && setState({ status: 'ready', value }))
      .catch((error: unknown) => active && setState({ status: 'failed', code: errorCodeOf(error) }));
    return () => {
      active = false;
    };
  }, [client, method, round]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setRound((n) => n + 1);
  }, []);
  return { state, retry };
}
