import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { CommandContext } from './context.js';

/** Extra figures shown with the count, e.g. `{ requests: 12 }` -> "· 12 requests". */
export type ProgressDetail = Record<string, string | number>;

/**
 * Progress for long work (backfill, import, index rebuild): a bar with ETA on a terminal, plain throttled log
 * lines otherwise (cron mail and CI logs must not fill with carriage returns). `start` may be called again
 * for the next phase or file.
 */
export interface Progress {
  /** Begins a phase; `unit` overrides the one given at creation for this phase. */
  start(label: string, total: number, unit?: string): void;
  update(done: number, detail?: ProgressDetail): void;
  stop(): void;
}

/** Options for {@link createProgress}. */
export interface ProgressOptions {
  /** What is counted ("records", "files"); default "items". */
  unit?: string;
  /** Minimum interval between plain lines; default 10 s. */
  intervalMs?: number;
  /** Milliseconds clock (tests); default Date.now. */
  clock?: () => number;
}

/** A bar when `ctx.isTty` (stderr is a terminal and not `--quiet`), else throttled `logger.info` lines. */
export function createProgress(ctx: Pick<CommandContext, 'isTty' | 'logger'>, what: string, opts: ProgressOptions = {}): Progress {
  const unit = opts.unit ?? 'items';
  return ctx.isTty ? barProgress(what, unit) : lineProgress(ctx, what, unit, opts);
}

/** "· 12 requests · 3 retries" */
export function formatDetail(detail: ProgressDetail | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => ` · ${v} ${k}`)
    .join('');
}

/** Seconds left at the average rate so far, or null before there is a rate or without a total. */
export function etaSeconds(done: number, total: number, elapsedMs: number): number | null {
  if (done <= 0 || total <= 0 || elapsedMs <= 0 || done >= total) return done >= total && total > 0 ? 0 : null;
  return Math.round(((total - done) * elapsedMs) / done / 1000);
}

function lineProgress(ctx: Pick<CommandContext, 'logger'>, what: string, unit: string, opts: ProgressOptions): Progress {
  const clock = opts.clock ?? Date.now;
  const interval = opts.intervalMs ?? 10_000;
  let started = clock();
  let last = started;
  let label = '';
  let total = 0;
  let phaseUnit = unit;
  return {
    start(l, t, u) {
      label = l;
      total = t;
      phaseUnit = u ?? unit;
      started = clock();
    },
    update(done, detail) {
      const now = clock();
      if (now - last < interval) return;
      last = now;
      const eta = etaSeconds(done, total, now - started);
      const of = total > 0 ? `/${total}` : '';
      const etaText = eta === null ? '' : ` · ETA ${eta} s`;
      ctx.logger.info({ what, label, done, total, etaSeconds: eta, ...detail }, `${what} ${label}: ${done}${of} ${phaseUnit}${formatDetail(detail)}${etaText}`);
    },
    stop() {},
  };
}

function barProgress(what: string, unit: string): Progress {
  // Only a terminal draws bars: cli-progress is loaded then, not at every start-up.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      format: `${what} {label} [{bar}] {value}/{total} {unit} {percentage}% ETA {eta_formatted}{detail}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(label, total, u) {
      if (running) bar.stop();
      bar.start(total, 0, { label, unit: u ?? unit, detail: '' });
      running = true;
    },
    update(done, detail) {
      if (running) bar.update(done, { detail: formatDetail(detail) });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
