/**
 * `schedule --serve --host H` refuses a host this machine cannot listen on, in one line with exit 2, before
 * the "visible on the network" warning and before anything is created.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Workspace, makeWorkspace, runCli } from '../support/cli.js';

describe('schedule --serve --host', () => {
  let ws: Workspace | null = null;
  afterEach(() => ws?.remove());

  it.each([
    // A name that does not resolve (EAI_AGAIN where no resolver answers at all).
    ['not a host', /^kratomlit: schedule: --host "not a host" is not an address of this machine \((ENOTFOUND|EAI_AGAIN)\)\n$/],
    // An address of another machine (TEST-NET-1, never assigned to a host).
    ['192.0.2.1', /^kratomlit: schedule: --host "192\.0\.2\.1" is not an address of this machine \(EADDRNOTAVAIL\)\n$/],
  ])('refuses %s in one line, exit 2, without the network warning and without creating a library', async (host, line) => {
    ws = makeWorkspace();
    const r = await runCli(['schedule', '--serve', '--port', '0', '--host', host], ws.env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(existsSync(ws.db)).toBe(false);
  }, 30_000);
});
