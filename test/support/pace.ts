/**
 * How busy the machine is right now, measured rather than guessed: fault tests that must bound a wall
 * time scale their deadlines by {@link loadFactor}, so they hold on an idle laptop and on a CI runner whose
 * cores are all taken. No vitest imports.
 */
import { spawnSync } from 'node:child_process';

/** Wall time of a bare `node -e 0` on this kind of machine when idle (measured: ~90 ms, Node 20). */
const IDLE_NODE_START_MS = 100;

/** Median wall time of three fresh `node -e 0` processes, in ms. */
export function nodeStartMs(): number {
  const times = [0, 1, 2].map(() => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  });
  return times.sort((a, b) => a - b)[1] ?? IDLE_NODE_START_MS;
}

/** 1 on an idle machine; N when a process start takes N times as long as idle (capped at 30). */
export function loadFactor(): number {
  return Math.min(30, Math.max(1, nodeStartMs() / IDLE_NODE_START_MS));
}
