import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KillTarget, type KillWorld, createKillWorld } from '../support/cli.js';
import { seededRandom } from '../support/random.js';

// kill -9 at random instants (issue #6): each iteration changes the sources, SIGKILLs a real CLI process at a
// seeded random instant, runs the same command again cleanly and asks the oracle. The long loop (>= 40
// iterations) is `npm run bench:reliability`; CI runs a few per target. Seeds are fixed so a failure replays.
describe('kill -9 at random instants, then one clean re-run', () => {
  let world: KillWorld;
  beforeAll(async () => {
    world = await createKillWorld(80);
  }, 180_000);
  afterAll(async () => {
    await world.close();
  });

  const cases: Array<[KillTarget, number[]]> = [
    ['ingest', [11, 12, 13]],
    ['import', [21, 23]],
    ['index', [31, 32]],
    ['digest', [41, 42]],
  ];
  for (const [target, seeds] of cases) {
    it(`converges after ${target} is killed at ${seeds.length} random instant${seeds.length === 1 ? '' : 's'}: nothing lost, nothing twice, index and digests exact`, async () => {
      let landed = 0;
      for (const seed of seeds) {
        const out = await world.iterate(target, seededRandom(seed));
        if (out.landed) landed += 1;
        expect({ seed, killedAtMs: out.killedAtMs, problems: out.report.problems }).toEqual({ seed, killedAtMs: out.killedAtMs, problems: [] });
        expect(out.report).toMatchObject({ lost: 0, duplicates: 0 });
      }
      // The seeds are chosen so at least one SIGKILL hits a live process; otherwise nothing was proven.
      expect(landed).toBeGreaterThan(0);
    }, 180_000);
  }
});
