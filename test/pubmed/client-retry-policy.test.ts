import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyBody, DEFAULT_RETRY, parseRetryAfter, RETRYABLE } from '../../src/pubmed/retry.js';

describe('retry policy', () => {
  it('retries 429 and 5xx but not 400, 404 or 414', () => {
    for (const s of [429, 500, 502, 503, 504]) expect(RETRYABLE.statuses.has(s)).toBe(true);
    for (const s of [400, 404, 414]) expect(RETRYABLE.statuses.has(s)).toBe(false);
  });

  it('draws full-jitter delays below a doubling ceiling capped at maxDelayMs', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 10, () => 0.999)).toBe(999);
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it.each([
    ['', 'EMPTY_BODY'],
    ['<?xml version="1.0" encoding="UTF-8" ?>\n', 'PROLOG_ONLY'],
    ['<html><head><title>NCBI/eutils - WWW Error 500 Diagnostic</title></head></html>', 'HTML_BODY'],
    ['Error: NCBI C++ Exception: ... TXCLIENT::readAll EOF', 'CXX_EXCEPTION'],
    ['<?xml version="1.0" ?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>', 'TRUNCATED'],
  ])('classifies a 200 body %j as %s', (body, code) => {
    const err = classifyBody('efetch', body, 'PubmedArticleSet');
    expect(err?.code).toBe(code);
    expect(err?.retryable).toBe(true);
  });

  it('accepts a complete efetch body and an empty article set', () => {
    expect(classifyBody('efetch', '<?xml version="1.0" ?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n', 'PubmedArticleSet')).toBeNull();
  });

  it('does not mistake a complete record that mentions an NCBI C++ Exception or WWW Error page for one', () => {
    const body = '<?xml version="1.0" ?>\n<PubmedArticleSet><PubmedArticle><ArticleTitle>Parsing "WWW Error 500 Diagnostic" and NCBI C++ Exception traces</ArticleTitle></PubmedArticle></PubmedArticleSet>';
    expect(classifyBody('efetch', body, 'PubmedArticleSet')).toBeNull();
  });
});
