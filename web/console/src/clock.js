// One shared one-second tick for everything that counts time on screen
// (ages, time left), instead of a timer per row.

const listeners = new Set();
let timer = 0;

/** Calls `fn(now)` every second while subscribed; returns the unsubscribe. */
export function onTick(fn) {
  listeners.add(fn);
  if (!timer) {
    timer = setInterval(() => {
      const now = Date.now();
      for (const l of [...listeners]) l(now);
    }, 1000);
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = 0;
    }
  };
}
