import { useEffect } from 'react';
import type { Loaded } from './use-load';

/** Reloads `loaded` every `ms` while `active(data)` holds (a job still running); stops when it no longer does or the page is left. */
export function usePoll<T>(loaded: Loaded<T>, active: (data: T) => boolean, ms: number): void {
  const { data, loading } = loaded;
  const on = !loading && data !== undefined && active(data);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => loaded.reload(), ms);
    return () => clearTimeout(timer);
    // `loaded.reload` is a new function each render; new `data` (the last answer) re-arms the timer.
  }, [on, data, ms]);
}
