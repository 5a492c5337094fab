import { Command } from 'commander';
import { loadEvidenceOverrides } from '../evidence/override-file.js';
import { evidenceMap, formatEvidenceMap, paperYear } from '../evidence/summary.js';
import { EVIDENCE_VERSION } from '../evidence/types.js';
import { EXIT, UsageError } from '../errors.js';
import { iterateLiveArticles } from '../store/articles.js';
import { reclassifyAll } from '../store/reclassify.js';
import type { Article } from '../types.js';
import type { CommandContext } from './context.js';

interface EvidenceOpts {
  json?: boolean;
  since?: string;
  topic?: string;
  reclassify?: boolean;
}

function checkOptions(c: CommandContext, o: EvidenceOpts): { since: number | null; topic: string | null } {
  if (o.since !== undefined && !/^\d{4}$/.test(o.since)) throw new UsageError(`evidence: --since must be a year YYYY, got "${o.since}"`);
  if (o.topic !== undefined && !c.config.topics.some((t) => t.name === o.topic)) {
    throw new UsageError(`evidence: unknown topic "${o.topic}" (configured: ${c.config.topics.map((t) => t.name).join(', ')})`);
  }
  return { since: o.since === undefined ? null : Number(o.since), topic: o.topic ?? null };
}

function* filtered(all: Iterable<Article>, f: { since: number | null; topic: string | null }): Iterable<Article> {
  for (const a of all) {
    if (f.topic !== null && !a.topics.includes(f.topic)) continue;
    const y = paperYear(a);
    if (f.since !== null && (y === null || y < f.since)) continue;
    yield a;
  }
}

function reclassify(c: CommandContext, json: boolean): void {
  const overrides = loadEvidenceOverrides(c.config.evidence.overrides);
  const { db, lock } = c.openDbForWriting('evidence');
  try {
    const r = reclassifyAll(db, { now: c.now(), overrides });
    const summary = { ...r, version: EVIDENCE_VERSION };
    if (json) c.out(JSON.stringify(summary, null, 2));
    else c.say(`evidence: reclassified ${r.total} records with rules v${EVIDENCE_VERSION}: ${r.changed} changed, ${r.overridden} by override`);
  } finally {
    lock.release();
    db.close();
  }
}

/** `kratomlit evidence [--json] [--since YEAR] [--topic T] [--reclassify]`. */
export function evidenceCommand(ctx: () => CommandContext): Command {
  return new Command('evidence')
    .description('the evidence map: study design x theme counts and papers per year by design (see docs/evidence.md)')
    .option('--json', 'print the map (or the reclassification summary) as JSON')
    .option('--since <year>', 'only papers published in this year or later')
    .option('--topic <name>', 'only records of this configured topic')
    .option('--reclassify', 'recompute every stored record with the current rules and overrides (no network)')
    .action((o: EvidenceOpts) => {
      const c = ctx();
      if (o.reclassify) {
        if (o.since !== undefined || o.topic !== undefined) throw new UsageError('evidence: --reclassify recomputes every record; it takes no --since or --topic');
        reclassify(c, o.json === true);
        process.exitCode = EXIT.OK;
        return;
      }
      const filters = checkOptions(c, o);
      const db = c.openDb();
      try {
        const map = evidenceMap(filtered(iterateLiveArticles(db), filters), filters);
        c.out(o.json ? JSON.stringify(map, null, 2) : formatEvidenceMap(map));
        process.exitCode = EXIT.OK;
      } finally {
        db.close();
      }
    });
}
