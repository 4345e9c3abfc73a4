// Re-renders every `everyMs` so waits and call timers count up between hub messages (the
// hub sends a new queue snapshot only when the queue changes, not every second).
import { useEffect, useState } from 'react';

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
