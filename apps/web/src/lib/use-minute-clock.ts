import { useEffect, useState } from 'react';

/**
 * The time now, moved on once a minute: for what goes stale with the clock ("14:05",
 * "Yesterday", "Last seen 5 minutes ago").
 */
export function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}
