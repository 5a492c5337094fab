/**
 * Text the web echoes from a request (the query in an error message, the results heading, the page title)
 * shows bidirectional and other control characters as `\u202E`, so an address cannot turn a line around.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleControls } from '../../src/web/errors.js';
import { get, startWorld, type WebWorld } from './fixture.js';

let w: WebWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

const RLO = '\u202E';

describe('serve: control characters in echoed request text', () => {
  it('writes bidi and other control characters out, and leaves other text (emoji sequences, RTL letters) alone', () => {
    expect(visibleControls(`a${RLO}b\u2066c\u200Fd\u0007e`)).toBe('a\\u202Eb\\u2066c\\u200Fd\\u0007e');
    expect(visibleControls('👨‍👩‍👧 كراتوم kratom')).toBe('👨‍👩‍👧 كراتوم kratom');
  });

  it('shows an override in an emoji-only query\'s error page instead of obeying it, and says what is wrong', async () => {
    const r = await get(`${w.base}/?q=%E2%80%AE%F0%9F%92%8A`);
    expect(r.status).toBe(400);
    expect(r.body).not.toContain(RLO);
    expect(r.body).toContain('&quot;\\u202E💊&quot; has no letters or digits to search for');
    const json = await get(`${w.base}/search.json?q=%F0%9F%92%8A`);
    expect(JSON.parse(json.body)).toEqual({ error: { status: 400, message: '"💊" has no letters or digits to search for' } });
  });

  it('shows an override in the results heading and the title of a search page', async () => {
    const r = await get(`${w.base}/?q=kratom%E2%80%AE`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('Results for “kratom\\u202E”');
    expect(r.body).toMatch(/<title>Search: kratom\\u202E/);
    // Only the search box keeps the text as typed (it is the query, to edit and send again).
    expect(r.body.split(RLO)).toHaveLength(2);
    expect(r.body).toContain(`value="kratom${RLO}"`);
  });
});
