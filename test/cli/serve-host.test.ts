/**
 * `serve --host H` refuses a host this machine cannot listen on, in one line with exit 2, before the
 * "visible on the network" warning (as `schedule --serve` does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, articleSet, assertBuilt, sandbox } from './run-cli.js';

describe('serve --host', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    assertBuilt();
    sb = sandbox();
    const r = await sb.run(['import', '--topic', 'mitragynine', '--', sb.write('lib.xml', articleSet([{ pmid: '3201', entrez: '2026-11-02', year: 2024, title: 'Kratom', abstract: 'Kratom.' }]))]);
    if (r.code !== 0) throw new Error(`fixture import failed: ${r.stderr}`);
  });
  afterAll(() => sb.cleanup());

  it.each([
    ['not a host', /^kratomlit: serve: --host "not a host" is not an address of this machine \((ENOTFOUND|EAI_AGAIN)\)\n$/],
    ['192.0.2.1', /^kratomlit: serve: --host "192\.0\.2\.1" is not an address of this machine \(EADDRNOTAVAIL\)\n$/],
  ])('refuses %s in one line, exit 2, without the network warning', async (host, line) => {
    const r = await sb.run(['serve', '--port', '0', '--host', host]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
  }, 30_000);
});
