/**
 * How the client judges one HTTP attempt: an answer (status, headers, body) or a transport failure
 * becomes the body, a transient EutilsError (retry) or a permanent one. Error text never carries the
 * request URL or parameters, and any foreign text is passed through `mask` (the api key).
 */
import { EutilsError } from '../errors.js';
import { parseEsearch } from './esearch.js';
import { classifyBody, errorElementText, isHistoryGone, parseRetryAfter, RETRYABLE } from './retry.js';

/** One logical request of the client. */
export interface RequestSpec {
  utility: 'esearch' | 'efetch';
  params: Record<string, string>;
  /** Force POST (long id lists); otherwise GET unless the query string is long. */
  post: boolean;
  /** Names the term or the batch in errors. */
  context: string;
  /** Closing root element a complete body ends with, or null (esearch: parsed instead). */
  expectRoot: string | null;
}

/** What judging an attempt needs from the client. */
export interface AnswerScope {
  spec: RequestSpec;
  mask: (s: string) => string;
  now: () => number;
  /** Called once per 429, with the Retry-After in ms when one was sent. */
  onRateLimited: (retryAfterMs: number | null) => void;
  attemptTimeoutMs: number;
  maxBodyBytes: number;
  /** The caller's abort signal (SIGTERM), if any. */
  outer?: AbortSignal;
}

/** An answer worth retrying, with the server's Retry-After when it sent one. */
export class TransientError extends EutilsError {
  readonly retryAfterMs: number | null;
  constructor(code: string, message: string, status: number | null, retryAfterMs: number | null = null) {
    super(code, message, { retryable: true, status });
    this.retryAfterMs = retryAfterMs;
  }
}

function where(s: AnswerScope): string {
  return `${s.spec.utility} ${s.spec.context}`;
}

/** Returns the body of a usable answer, or throws a transient or permanent EutilsError. */
export function judgeAnswer(s: AnswerScope, status: number, retryAfterHeader: unknown, body: string): string {
  if (status === 429) {
    const retryAfter = parseRetryAfter(retryAfterHeader, s.now());
    s.onRateLimited(retryAfter);
    throw new TransientError('RATE_LIMITED', `${where(s)}: HTTP 429 ${s.mask(snippet(body))}`, 429, retryAfter);
  }
  if (RETRYABLE.statuses.has(status)) throw new TransientError(`HTTP_${status}`, `${where(s)}: HTTP ${status}`, status);
  if (status < 200 || status >= 300) {
    // NCBI reports some permanent errors (the retstart cap) as 400 with its usual ERROR body.
    if (s.spec.utility === 'esearch') throwIfPermanentEsearchError(body, s.spec.context);
    const msg = errorElementText(body) ?? snippet(body);
    throw new EutilsError(`HTTP_${status}`, `${where(s)}: HTTP ${status}: ${s.mask(msg)}`, { status });
  }
  const garbage = classifyBody(where(s), body, s.spec.expectRoot);
  if (garbage) throw new TransientError(garbage.code, garbage.message, 200);
  if (s.spec.expectRoot !== null) {
    const error = errorElementText(body);
    if (error !== null) {
      // "Unable to obtain query #1": the history server lost the WebEnv; the caller redoes the search.
      const code = isHistoryGone(error) ? 'WEBENV_EXPIRED' : 'EFETCH_ERROR';
      throw new EutilsError(code, `${where(s)}: NCBI answered ERROR: ${s.mask(error)}`, { status: 200 });
    }
  }
  return body;
}

function throwIfPermanentEsearchError(body: string, context: string): void {
  try {
    parseEsearch(body, context);
  } catch (err) {
    if (err instanceof EutilsError && !err.retryable) throw err;
  }
}

function snippet(body: string): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}...` : one;
}

/**
 * Maps an axios/transport failure to an EutilsError. The axios error itself is never kept as a cause:
 * its `config` holds the URL and parameters, api key included.
 */
export function transportError(s: AnswerScope, err: unknown, deadline: AbortSignal): EutilsError {
  if (s.outer?.aborted) return aborted(s, s.outer.reason);
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  const message = s.mask(typeof e.message === 'string' ? e.message : String(err));
  const cause = new Error(`${code}: ${message}`);
  if (deadline.aborted) return new TransientError('TIMEOUT', `${where(s)}: no complete answer within ${s.attemptTimeoutMs} ms`, null);
  if (/maxContentLength size of \d+ exceeded/.test(message)) {
    return new EutilsError('BODY_TOO_LARGE', `${where(s)}: answer larger than ${s.maxBodyBytes} bytes (decompressed); not retried`, { cause });
  }
  if (RETRYABLE.transportCodes.has(code)) return new TransientError('TRANSPORT', `${where(s)}: ${code}: ${message}`, null);
  return new EutilsError('TRANSPORT', `${where(s)}: ${code}: ${message}`, { cause });
}

/** The caller aborted (SIGTERM): permanent, so nothing is retried. */
export function aborted(s: AnswerScope, reason: unknown): EutilsError {
  const why = reason instanceof Error ? reason.message : String(reason ?? 'aborted');
  return new EutilsError('ABORTED', `${where(s)}: aborted (${why})`);
}

/** Whatever was thrown during an attempt, as an EutilsError. */
export function asEutilsError(s: AnswerScope, err: unknown): EutilsError {
  if (err instanceof EutilsError) return err;
  if (s.outer?.aborted) return aborted(s, s.outer.reason);
  return new EutilsError('UNEXPECTED', `${where(s)}: ${s.mask(err instanceof Error ? err.message : String(err))}`);
}
