import { describe, expect, it } from 'vitest';
import { ago, completenessLine, completenessReport, type Gap, staleAfterMs } from '../../src/completeness.js';

const NOW = new Date('2026-12-06T06:00:12.000Z');
const check = (upstream: number, local: number) => ({ topic: 'mitragynine', upstream, local, checkedAt: '2026-12-06T03:00:12.000Z', check: 'count' as const });
const gap = (pmid: string, topic = 'mitragynine', rejected: string | null = null): Gap => ({ pmid, topic, firstMissingAt: '2026-12-01T03:00:00.000Z', lastAttemptAt: '2026-12-06T03:00:00.000Z', attempts: 6, rejected });

describe('completeness report and line', () => {
  it('is complete only when the last check found upstream == local and no gap is open', () => {
    const r = completenessReport(['mitragynine', '7-hydroxymitragynine'], new Map([['mitragynine', check(812, 812)]]), []);
    expect(r).toEqual({
      mitragynine: {
        upstream: 812, local: 812, gaps: [], checkedAt: '2026-12-06T03:00:12.000Z', check: 'count', complete: true, stale: false,
        line: 'mitragynine: complete as of 2026-12-06 03:00 UTC: all 812 records PubMed listed then were stored',
      },
      '7-hydroxymitragynine': { upstream: null, local: null, gaps: [], checkedAt: null, check: null, complete: null, stale: null, line: '7-hydroxymitragynine: not checked against PubMed yet' },
    });
    expect(completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 811)]]), [gap('39000001')]).mitragynine?.complete).toBe(false);
    expect(completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 813)]]), []).mitragynine?.complete).toBe(false);
  });

  it('says what the last check counted and when, in UTC, and in status how long ago', () => {
    const c = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 812)]]), []).mitragynine!;
    expect(completenessLine('mitragynine', c, NOW)).toBe('mitragynine: complete as of 2026-12-06 03:00 UTC (3 h ago): all 812 records PubMed listed then were stored');
    expect(completenessLine('mitragynine', c)).toBe('mitragynine: complete as of 2026-12-06 03:00 UTC: all 812 records PubMed listed then were stored');
    expect(c.line).toBe(completenessLine('mitragynine', c));
    const one = completenessReport(['mitragynine'], new Map([['mitragynine', check(1, 1)]]), []).mitragynine!;
    expect(one.line).toBe('mitragynine: complete as of 2026-12-06 03:00 UTC: the 1 record PubMed listed then was stored');
  });

  it('names the first ten missing PMIDs and says they are retried', () => {
    const three = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 809)]]), ['39000001', '39000002', '39000003'].map((p) => gap(p))).mitragynine!;
    expect(completenessLine('mitragynine', three, NOW)).toBe('mitragynine: incomplete as of 2026-12-06 03:00 UTC (3 h ago): 809 of the 812 records PubMed listed then were stored, 3 missing (39000001, 39000002, 39000003): they are retried on the next run');
    const twelve = Array.from({ length: 12 }, (_, i) => gap(String(39000001 + i)));
    const many = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 800)]]), twelve).mitragynine!;
    expect(completenessLine('mitragynine', many, NOW)).toBe(
      `mitragynine: incomplete as of 2026-12-06 03:00 UTC (3 h ago): 800 of the 812 records PubMed listed then were stored, 12 missing (${twelve.slice(0, 10).map((g) => g.pmid).join(', ')}, ...): they are retried on the next run`,
    );
  });

  it('says which gap efetch returned and the parser rejected, with the parser\'s reason, in status and the JSON', () => {
    const gaps = [gap('39000001'), gap('39000002', 'mitragynine', 'no Article element: the record has no title, journal or date'), gap('39000003', 'mitragynine', 'bad date')];
    const c = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 809)]]), gaps).mitragynine!;
    expect(c.gaps.map((g) => [g.pmid, g.rejected])).toEqual([['39000001', null], ['39000002', 'no Article element: the record has no title, journal or date'], ['39000003', 'bad date']]);
    expect(completenessLine('mitragynine', c, NOW)).toBe(
      'mitragynine: incomplete as of 2026-12-06 03:00 UTC (3 h ago): 809 of the 812 records PubMed listed then were stored, 3 missing (39000001, 39000002, 39000003): they are retried on the next run; ' +
        '39000002 was returned but rejected by the parser: no Article element: the record has no title, journal or date (and 1 more rejected)',
    );
  });

  it('ages a check: past twice the audit interval (8 days when unknown) it is "complete as of", not verified since', () => {
    const checks = new Map([['mitragynine', check(812, 812)]]);
    expect([staleAfterMs(7), staleAfterMs(), staleAfterMs(null)]).toEqual([14 * 86_400_000, 8 * 86_400_000, 8 * 86_400_000]);
    const at = (iso: string, days?: number) =>
      completenessReport(['mitragynine'], checks, [], { now: new Date(iso), ...(days ? { staleAfterMs: staleAfterMs(days) } : {}) }).mitragynine!;
    // Checked 2026-12-06 03:00: fresh for 8 days by default, stale after; 14 days with a weekly audit.
    expect(at('2026-12-14T03:00:12.000Z').stale).toBe(false);
    const old = at('2026-12-14T03:00:13.000Z');
    expect([old.stale, old.complete]).toEqual([true, true]);
    expect(completenessLine('mitragynine', old, new Date('2026-12-14T03:00:13.000Z'))).toBe(
      'mitragynine: complete as of 2026-12-06 03:00 UTC (8 days ago), not verified since: all 812 records PubMed listed then were stored',
    );
    expect(at('2026-12-14T03:00:13.000Z', 7).stale).toBe(false);
    expect(at('2026-12-20T03:00:13.000Z', 7).stale).toBe(true);
    const gapped = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 811)]]), [gap('39000001')], { now: new Date('2026-12-30T00:00:00Z') }).mitragynine!;
    expect(completenessLine('mitragynine', gapped, new Date('2026-12-30T00:00:00Z'))).toBe(
      'mitragynine: incomplete as of 2026-12-06 03:00 UTC (23 days ago), not verified since: 811 of the 812 records PubMed listed then were stored, 1 missing (39000001): they are retried on the next run',
    );
    // Never checked: nothing to age.
    expect(completenessReport(['beta'], new Map(), [], { now: new Date('2030-01-01T00:00:00Z') }).beta?.stale).toBeNull();
  });

  it('says when a topic was never checked, and when counts differ without gaps', () => {
    const none = completenessReport(['beta'], new Map(), []).beta!;
    expect(completenessLine('beta', none, NOW)).toBe('beta: not checked against PubMed yet');
    const off = completenessReport(['mitragynine'], new Map([['mitragynine', check(812, 813)]]), []).mitragynine!;
    expect(completenessLine('mitragynine', off, NOW)).toBe('mitragynine: not reconciled as of 2026-12-06 03:00 UTC (3 h ago): 813 stored against the 812 records PubMed listed then; the next run audits it');
  });

  it('words ages from minutes to days', () => {
    expect(ago('2026-12-06T06:00:00.000Z', NOW)).toBe('just now');
    expect(ago('2026-12-06T05:48:00.000Z', NOW)).toBe('12 min ago');
    expect(ago('2026-12-04T07:00:00.000Z', NOW)).toBe('47 h ago');
    expect(ago('2026-12-02T06:00:00.000Z', NOW)).toBe('4 days ago');
  });
});
