import { useEffect, useState } from 'react';

/** The current time in ms, re-rendering every `intervalMs` while `ticking` (a stopped clock costs nothing). */
export function useNow(ticking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    // Catch up at once when the clock (re)starts, then tick.
    const catchUp = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => {
      clearTimeout(catchUp);
      clearInterval(timer);
    };
  }, [ticking, intervalMs]);
  return now;
}
