// A reload for bursts of live events: one run per burst, never starved.

/**
 * Returns `soon()`, which runs `fn` `wait` ms after the last call, but no
 * later than `maxWait` ms after the first call of a burst: steady traffic
 * (an event every 200 ms) cannot postpone it forever. `soon.cancel()`
 * drops a pending run.
 */
export function debounce(fn, wait, maxWait) {
  let timer = 0;
  let first = 0;
  const run = () => {
    timer = 0;
    first = 0;
    fn();
  };
  const soon = () => {
    const now = Date.now();
    if (!first) first = now;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(wait, first + maxWait - now)));
  };
  soon.cancel = () => {
    clearTimeout(timer);
    timer = 0;
    first = 0;
  };
  return soon;
}
