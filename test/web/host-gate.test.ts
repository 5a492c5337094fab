/**
 * DNS rebinding: a page of another site that points its own name at 127.0.0.1 must not read the library
 * through the reader's browser. Bound to loopback, the server answers only loopback names and the
 * names given with --allow-host; bound to the network, any name unless --allow-host lists them.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostGate } from '../../src/web/server.js';
import { startWorld, type WebWorld } from './fixture.js';

/** GET `path` with `host` as the Host header (fetch may not set it); status and body. */
function getAs(base: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve: which Host names it answers', () => {
  let w: WebWorld;
  let proxied: WebWorld;
  beforeAll(async () => {
    w = await startWorld();
    proxied = await startWorld({ allowHosts: ['lit.example.org'] });
  });
  afterAll(async () => {
    await w.close();
    await proxied.close();
  });

  it('bound to 127.0.0.1, answers loopback names and refuses any other with a 403 page saying how to allow a proxy', async () => {
    const port = new URL(w.base).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `app.localhost:${port}`, 'localhost']) {
      expect((await getAs(w.base, '/?q=kratom', host)).status, host).toBe(200);
    }
    for (const [host, path] of [[`evil.example:${port}`, '/?q=kratom'], ['evil.example', '/paper/50000010'], ['127.0.0.1.evil.example', '/status.json'], ['localhost.evil.example', '/']]) {
      const r = await getAs(w.base, path as string, host as string);
      expect(r.status, host).toBe(403);
      expect(r.body, host).not.toContain('50000010');
    }
    const page = await getAs(w.base, '/', 'evil.example');
    expect(page.body).toContain('This server does not answer for the name &quot;evil.example&quot;');
    expect(page.body).toContain('--allow-host');
    const json = await getAs(w.base, '/status.json', 'evil.example');
    expect(JSON.parse(json.body)).toEqual({ error: { status: 403, message: expect.stringContaining('"evil.example"') } });
  });

  it('answers a reverse proxy name given with --allow-host (any case, any port), and still no other', async () => {
    expect((await getAs(proxied.base, '/?q=kratom', 'lit.example.org')).status).toBe(200);
    expect((await getAs(proxied.base, '/?q=kratom', 'LIT.example.org:443')).status).toBe(200);
    expect((await getAs(proxied.base, '/', 'localhost')).status).toBe(200);
    expect((await getAs(proxied.base, '/', 'other.example.org')).status).toBe(403);
  });

  it('bound to the network answers any name unless names are given', () => {
    expect(hostGate('0.0.0.0')).toBeNull();
    expect(hostGate('192.168.1.5')).toBeNull();
    const gated = hostGate('0.0.0.0', ['lit.example.org']);
    expect([gated?.('lit.example.org'), gated?.('0.0.0.0:8470'), gated?.('evil.example'), gated?.(undefined)]).toEqual([true, true, false, true]);
    const v6 = hostGate('::1');
    expect([v6?.('[::1]:8470'), v6?.('evil.example')]).toEqual([true, false]);
  });
});
