/**
 * One error base for the whole tool. `code` is stable (scripts and tests match on it); the message names
 * the module and the offending value (file, PMID, option, URL without secrets).
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly code: string;
  /** Exit code the CLI uses when this error ends a command (see README "Exit codes"). */
  readonly exitCode: number;

  constructor(code: string, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.FAILURE;
  }
}

/** Exit codes shared by every command (documented in the README). */
export const EXIT = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  /** Work was done but not all of it: records rejected, run deferred by rate limiting, ids missing. */
  PARTIAL: 3,
  /** Another process holds the database lock. */
  LOCKED: 4,
} as const;

/** Bad command-line option or configuration value. */
export class UsageError extends AppError {
  override readonly name = 'UsageError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('USAGE', message, { ...options, exitCode: EXIT.USAGE });
  }
}

/** Invalid configuration file or environment variable; the message names the key. */
export class ConfigError extends AppError {
  override readonly name = 'ConfigError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG', message, { ...options, exitCode: EXIT.USAGE });
  }
}

/** Input that is not what it claims to be (a file that is not PubMed XML, a truncated gzip...). */
export class InputError extends AppError {
  override readonly name = 'InputError';
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** The database or another resource is locked by another process. */
export class LockedError extends AppError {
  override readonly name = 'LockedError';
  constructor(message: string) {
    super('LOCKED', message, { exitCode: EXIT.LOCKED });
  }
}

/**
 * A failure that still has a result worth printing: `report` is what the command would have returned
 * (e.g. the digest document whose e-mail failed), so `--json` can print it before the error line.
 */
export class ReportedError extends AppError {
  override readonly name = 'ReportedError';
  readonly report: unknown;
  constructor(code: string, message: string, report: unknown, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.report = report;
  }
}

/** Errors from talking to E-utilities. `retryable` says whether the client may try again. */
export class EutilsError extends AppError {
  override readonly name = 'EutilsError';
  readonly retryable: boolean;
  readonly status: number | null;
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; status?: number | null; exitCode?: number } = {},
  ) {
    super(code, message, options);
    this.retryable = options.retryable ?? false;
    this.status = options.status ?? null;
  }
}

/** Message of any thrown value, for logs and one-line CLI errors. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
