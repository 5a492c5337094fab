import cliProgress from 'cli-progress';
import type { CommandContext } from './context.js';

/** Progress for long work: a bar on a TTY, throttled plain log lines otherwise (every 10 s). */
export interface Progress {
  start(label: string, total: number): void;
  update(done: number, extra?: Record<string, string | number>): void;
  stop(): void;
}

export function createProgress(ctx: CommandContext, what: string): Progress {
  if (ctx.isTty) return barProgress(what);
  let last = 0;
  let label = '';
  let total = 0;
  return {
    start(l, t) {
      label = l;
      total = t;
    },
    update(done, extra) {
      const now = Date.now();
      if (now - last < 10_000) return;
      last = now;
      ctx.logger.info({ what, label, done, total, ...extra }, `${what}: ${done}/${total}`);
    },
    stop() {},
  };
}

function barProgress(what: string): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${what} {label} [{bar}] {value}/{total} {percentage}% ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(label, total) {
      if (running) bar.stop();
      bar.start(total, 0, { label });
      running = true;
    },
    update(done, extra) {
      if (running) bar.update(done, extra ?? {});
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
