/**
 * Retry policy for E-utilities: which answers are worth another attempt, and how long to wait.
 *
 * Pure: no I/O, no clock. The client feeds it statuses and bodies and a random source; it answers with a
 * classification and a delay. Everything that makes a request retryable lives in {@link RETRYABLE}.
 */
import { EutilsError } from '../errors.js';

/**
 * The one list of transient conditions. Anything not listed here is permanent and fails at once
 * (bad query, invalid parameters, the 9,999 retstart cap, other 4xx, an oversized body).
 */
export const RETRYABLE = {
  /** 429: NCBI's per-second limit (3 without key, 10 with); the body is JSON even when XML was asked. */
  statuses: new Set([429, 500, 502, 503, 504]),
  /** Transport failures: resets (also mid-body, which axios reports as ERR_BAD_RESPONSE with status 200). */
  transportCodes: new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EAI_AGAIN',
    'ENOTFOUND',
    'ERR_BAD_RESPONSE',
    'ERR_NETWORK',
    'UND_ERR_SOCKET',
  ]),
  /** HTTP-200 garbage NCBI serves when a backend fails (codes used by {@link classifyBody}). */
  bodyCodes: new Set(['EMPTY_BODY', 'HTML_BODY', 'PROLOG_ONLY', 'CXX_EXCEPTION', 'TRUNCATED', 'UNPARSABLE']),
  /** Our own per-attempt total deadline (AbortSignal.timeout): stalls and 1-byte drips. */
  timeout: 'TIMEOUT',
} as const;

/** Knobs of the retry loop; see {@link DEFAULT_RETRY}. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Give up when the next wait would end later than this after the first attempt started. */
  maxElapsedMs: number;
  /** First backoff ceiling; doubles per attempt (full jitter picks uniformly below it). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this fails fast with `RATE_LIMIT_DEFERRED` instead of sleeping. */
  maxRetryAfterMs: number;
}

/** Defaults: 6 attempts, 5 minutes, 1 s doubling to 30 s, Retry-After honoured up to 2 minutes. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  maxElapsedMs: 5 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 2 * 60_000,
};

/**
 * Exponential backoff with full jitter (AWS architecture blog): `random() * min(max, base * 2^(n-1))`,
 * which spreads a burst of failing callers instead of synchronising them.
 * @param attempt 1 for the wait after the first failure.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent
 * or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(header: unknown, nowMs: number): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * Checks an HTTP-200 body for the failure shapes NCBI serves with status 200. Returns a retryable
 * EutilsError (to throw) or null when the body looks like a real answer of `utility`.
 * @param expectRoot closing root element the whole body must end with (efetch: `PubmedArticleSet`).
 */
export function classifyBody(utility: string, body: string, expectRoot: string | null): EutilsError | null {
  const text = body.trim();
  const fail = (code: string, what: string) =>
    new EutilsError(code, `${utility}: HTTP 200 with ${what}`, { retryable: true, status: 200 });
  // A body that ends with its closing root is complete: record text that happens to mention
  // "NCBI C++ Exception" or "<html" must not be mistaken for a failure page.
  if (expectRoot !== null && text.endsWith(`</${expectRoot}>`)) return null;
  if (text === '') return fail('EMPTY_BODY', 'an empty body');
  if (/NCBI C\+\+ Exception|TXCLIENT::/.test(text.slice(0, 4096))) return fail('CXX_EXCEPTION', 'an NCBI C++ Exception trace');
  if (/^<!DOCTYPE html|^<html|WWW Error \d+ Diagnostic/i.test(text.slice(0, 4096))) return fail('HTML_BODY', 'an HTML error page');
  if (/^<\?xml[^>]*\?>(\s*<!DOCTYPE[^>]*>)?$/.test(text)) return fail('PROLOG_ONLY', 'only the XML prolog');
  if (expectRoot !== null && !hasErrorElement(text) && !text.endsWith(`</${expectRoot}>`)) {
    return fail('TRUNCATED', `XML that does not end with </${expectRoot}> (truncated, ${body.length} chars)`);
  }
  return null;
}

/** An `<ERROR>` element of an e-utility result (`eFetchResult`, `eSearchResult`). */
export function hasErrorElement(text: string): boolean {
  return /<ERROR>[\s\S]*<\/ERROR>/.test(text.slice(0, 8192));
}

/** Text of the first `<ERROR>` element, entity-decoded minimally. */
export function errorElementText(text: string): string | null {
  const m = /<ERROR>([\s\S]*?)<\/ERROR>/.exec(text);
  return m?.[1] === undefined ? null : decodeBasicEntities(m[1]).trim();
}

/** NCBI's words for a history (WebEnv/query_key) that is gone: callers redo the search. */
export function isHistoryGone(message: string): boolean {
  return /Unable to obtain query|Invalid query_key|WebEnv .*(expired|invalid|not found)|Invalid WebEnv/i.test(message);
}

/** The 9,999-record esearch ceiling (`'retstart' cannot be larger than 9998`): permanent, never retried. */
export function isRetstartCap(message: string): boolean {
  return /retstart'? cannot be larger than/i.test(message);
}

function decodeBasicEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
