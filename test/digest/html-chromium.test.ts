import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectDigest } from '../../src/digest/collect.js';
import { renderHtml } from '../../src/digest/render-html.js';
import { weekRange } from '../../src/digest/week.js';
import { TOPICS, newArticles, revisedArticles } from '../fixtures/digest/library.js';

const CHROMIUM = process.env['CHROMIUM_BIN'] ?? '/usr/bin/chromium';
let dir: string;
let server: Server;
let hits: string[];
let canary: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kratomlit-chromium-'));
  hits = [];
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('gotcha');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  canary = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Loads a page in headless Chromium and returns the DOM after load (scripts, if any could run, have run). */
async function dumpDom(html: string, name: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const { stdout } = await promisify(execFile)(
    CHROMIUM,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, `profile-${name}`)}`, '--dump-dom',
      pathToFileURL(file).href,
    ],
    { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

function pageWithHostileTitle(): string {
  const articles = newArticles().map((a) =>
    a.pmid === '40000003'
      ? { ...a, titleHtml: `&lt;img src="${canary}/title"&gt; &lt;script&gt;document.body.dataset.ran='title'&lt;/script&gt; hostile` }
      : a,
  );
  const doc = collectDigest({ week: weekRange('2026-W47', 'UTC'), entered: articles, revisions: revisedArticles(), topics: TOPICS, perTopicCap: 25 });
  return renderHtml(doc);
}

const INJECTED = () => `<script>document.body.dataset.ran = 'yes'</script><img src="${canary}/injected">`;

describe('the HTML digest in a real headless Chromium', () => {
  it('renders every title, runs no script and makes no request, even with hostile titles', async () => {
    const dom = await dumpDom(pageWithHostileTitle(), 'digest.html');
    expect(dom).toContain('<h4>Kratom (<i>Mitragyna speciosa</i>) alkaloids: a meta-analysis of H<sub>2</sub>O extracts</h4>');
    expect(dom).toContain('Mitragynine and pain: a randomized trial');
    expect(dom).toContain('Kratom and seizures (corrected title)');
    expect(dom).toContain('&lt;script&gt;document.body.dataset.ran=\'title\'&lt;/script&gt; hostile');
    expect(dom).not.toMatch(/<script|<img|data-ran/);
    expect(hits).toEqual([]);
  });

  it('blocks script and remote loads by its Content-Security-Policy even if markup slipped through', async () => {
    const page = pageWithHostileTitle().replace('</main>', `${INJECTED()}</main>`);
    const dom = await dumpDom(page, 'injected.html');
    expect(dom).toContain('<script>'); // the injected element is in the page...
    expect(dom).not.toContain('data-ran="yes"'); // ...but did not run
    expect(hits).toEqual([]);
    // Control: without the CSP meta tag the same injection runs and calls out, so the checks above can fail.
    const unprotected = page.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    const controlDom = await dumpDom(unprotected, 'control.html');
    expect(controlDom).toContain('data-ran="yes"');
    expect(hits).toContain('/injected');
  });
});
