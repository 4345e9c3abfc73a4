// The survey leaves by itself: after `timeoutMs` without a tap it calls `onExpire`. Every
// change of `activity` (a tap that moved the survey on) starts the wait again.
import { useEffect, useRef } from 'react';

export function useSurveyTimeout(timeoutMs: number, activity: unknown, onExpire: () => void): void {
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  }, [onExpire]);
  useEffect(() => {
    const timer = setTimeout(() => expire.current(), timeoutMs);
    return () => clearTimeout(timer);
  }, [timeoutMs, activity]);
}
