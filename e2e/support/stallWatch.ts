/**
 * Runs in every participant's page (an init script): says in the page's console when its main
 * thread was held, with the wall-clock time, so a failed test's console shows when a page stopped
 * answering (its pings, its input, its offers) and for how long: a timer that should fire every
 * 250 ms and came late (the thread was busy, or got no CPU).
 */
export function installStallWatch(): void {
  const scope = window as unknown as { __stallWatch?: boolean };
  if (scope.__stallWatch) return;
  scope.__stallWatch = true;
  const TICK_MS = 250;
  const REPORTED_MS = 2_000;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    last = now;
    if (late >= REPORTED_MS) console.warn(`[stall] page timers held ${Math.round(late)} ms, until ${new Date().toISOString()}`);
  }, TICK_MS);
}
