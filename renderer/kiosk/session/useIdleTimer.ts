// Idle detection for one kiosk session. After `timeoutMs - warningMs` without a touch or key
// the hook enters the warning stage (the "need more time?" prompt) and counts down; at zero
// it calls onTimeout. During the warning only an explicit keepAlive (the Continue button)
// counts: a stray touch on the dimmed page must not silently extend a stranger's session.
import { useCallback, useEffect, useRef, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export interface IdleTimerOptions {
  enabled: boolean;
  timeoutMs: number;
  warningMs: number;
  onTimeout: () => void;
  /**
   * Progress the customer makes away from the screen (card inserted, PIN digits on the pad):
   * each new value counts as a touch while no prompt is showing.
   */
  activity?: unknown;
}

export interface IdleTimer {
  warning: boolean;
  secondsLeft: number;
  keepAlive: () => void;
}

export function useIdleTimer({ enabled, timeoutMs, warningMs, onTimeout, activity }: IdleTimerOptions): IdleTimer {
  const [warnUntil, setWarnUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const onTimeoutRef = useRef(onTimeout);
  useEffect(() => {
    onTimeoutRef.current = onTimeout;
  }, [onTimeout]);

  // Watching stage: every input re-arms the quiet-period timer.
  useEffect(() => {
    if (!enabled || warnUntil !== null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const at = Date.now();
        setNow(at);
        setWarnUntil(at + warningMs);
      }, Math.max(0, timeoutMs - warningMs));
    };
    arm();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, arm, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, arm, { capture: true });
    };
  }, [enabled, warnUntil, timeoutMs, warningMs, activity]);

  // Warning stage: tick the countdown, end the session at the deadline.
  useEffect(() => {
    if (!enabled || warnUntil === null) return;
    const tick = setInterval(() => setNow(Date.now()), 250);
    const end = setTimeout(() => {
      setWarnUntil(null);
      onTimeoutRef.current();
    }, Math.max(0, warnUntil - Date.now()));
    return () => {
      clearInterval(tick);
      clearTimeout(end);
    };
  }, [enabled, warnUntil]);

  // Leaving the session (e.g. Done) mid-warning must not carry the warning over.
  useEffect(() => {
    if (!enabled) setWarnUntil(null);
  }, [enabled]);

  const keepAlive = useCallback(() => setWarnUntil(null), []);
  const warning = enabled && warnUntil !== null;
  const secondsLeft = warning ? Math.max(0, Math.ceil((warnUntil - now) / 1000)) : 0;
  return { warning, secondsLeft, keepAlive };
}
