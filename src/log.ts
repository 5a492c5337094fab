import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';
import type PinoPretty from 'pino-pretty';

// pino and pino-pretty are loaded when the first line is logged (synchronously; both are CommonJS): most
// commands log nothing at the levels they run at, and loading pino was a tenth of a cold `kratomlit search`.
const requireLazy = createRequire(import.meta.url);

/** The logger shape every module accepts (pino's), so tests can pass a recording fake. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface LoggerOptions {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Human-readable lines (default: when stderr is a TTY). JSON lines otherwise. */
  pretty?: boolean;
  /** Colours in pretty mode; off when NO_COLOR is set (https://no-color.org). */
  color?: boolean;
  /** Where lines go; default stderr (stdout is reserved for data). */
  fd?: number;
}

// Never log these, whatever a caller passes in: the NCBI key must not reach a log line.
const REDACT = ['apiKey', 'api_key', '*.apiKey', '*.api_key', 'config.apiKey', 'params.api_key'];

/** pino's numbers for the levels (a line is written when its level is at least the logger's). */
const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, silent: Infinity } as const;

/**
 * Structured logger on stderr: pretty on a TTY, JSON lines otherwise. Synchronous, so no line is lost on
 * exit. pino itself is loaded by the first line at or above `level`.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  let real: Logger | null = null;
  const line = (level: Exclude<keyof typeof LEVELS, 'silent'>) => (obj: object, msg?: string): void => {
    if (LEVELS[level] < min) return;
    real ??= pinoLogger(opts);
    real[level](obj, msg);
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

function pinoLogger(opts: LoggerOptions): Logger {
  const { pino } = requireLazy('pino') as { pino: typeof Pino };
  const fd = opts.fd ?? 2;
  const isTty = fd === 2 ? process.stderr.isTTY === true : false;
  const level = opts.level ?? 'info';
  const base = { level, redact: { paths: REDACT, censor: '***' }, base: undefined };
  if (opts.pretty ?? isTty) {
    const pretty = requireLazy('pino-pretty') as typeof PinoPretty;
    const stream = pretty({
      destination: fd,
      sync: true,
      colorize: opts.color ?? (!process.env['NO_COLOR'] && isTty),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
    });
    return pino(base, stream);
  }
  return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ fd, sync: true }));
}

/** A logger that drops everything (library use without logging). */
export function silentLogger(): Logger {
  const noop = () => undefined;
  return { info: noop, warn: noop, error: noop, debug: noop };
}

/**
 * The same logger with info and debug dropped: for commands that tell their own story on stdout (the demo),
 * where progress lines would only interleave with it; warnings and errors still reach stderr.
 */
export function warningsOnly(logger: Logger): Logger {
  const noop = () => undefined;
  return { info: noop, debug: noop, warn: (o, m) => logger.warn(o, m), error: (o, m) => logger.error(o, m) };
}
