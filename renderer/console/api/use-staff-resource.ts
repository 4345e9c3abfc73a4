// The load/refresh/fail cycle every staff view repeated: load now and every `refreshMs`, keep
// the last answer, show a stable error code, and return to sign-in when the session ended.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useController } from '../ConsoleContext.js';
import { errorCodeOf, type StaffResourceErrorCode } from './staff-resource.js';

export interface StaffResource<T> {
  /** The last answer; null until the first one arrives. */
  data: T | null;
  error: StaffResourceErrorCode | null;
  /** Loads again now (after an action, on a push from the hub, on a Refresh button). */
  refresh: () => Promise<void>;
  /** An action's failure, handled as a failed load is: shown, and an ended session signs out. */
  failed: (error: unknown) => void;
  /**
   * Changes the data in place (a push from the hub that carries what changed). A load already
   * on its way was asked before this change, so its answer is dropped; the next one counts.
   */
  patch: (update: (data: T) => T) => void;
}

/**
 * `load` is null while there is no session. A new `load` (another filter) loads at once; an
 * answer to an older request that arrives after a newer one was sent is dropped, so a slow
 * answer for the previous filter never replaces the current one.
 */
export function useStaffResource<T>(load: (() => Promise<T>) | null, refreshMs: number): StaffResource<T> {
  const controller = useController();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<StaffResourceErrorCode | null>(null);
  const latest = useRef(0);
  const loaded = useRef(false);

  const failed = useCallback(
    (err: unknown) => {
      const code = errorCodeOf(err);
      if (code === 'session-expired') controller.signOut('session-expired');
      setError(code);
    },
    [controller],
  );

  const refresh = useCallback(async () => {
    if (!load) return;
    latest.current += 1;
    const request = latest.current;
    try {
      const answer = await load();
      if (request !== latest.current) return;
      loaded.current = true;
      setData(answer);
      setError(null);
    } catch (err) {
      if (request === latest.current) failed(err);
    }
  }, [load, failed]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  const patch = useCallback((update: (data: T) => T) => {
    // Nothing to change before the first answer, and that answer must not be dropped.
    if (!loaded.current) return;
    latest.current += 1;
    setData((previous) => (previous === null ? previous : update(previous)));
  }, []);

  return { data, error, refresh, failed, patch };
}
