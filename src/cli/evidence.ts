import { Command } from 'commander';
import { formatEvidenceMap } from '../evidence/summary.js';
import { EXIT, UsageError } from '../errors.js';
import { filtersFromFlags } from './filter-flags.js';
import type { CommandContext } from './context.js';

interface EvidenceOpts {
  json?: boolean;
  since?: string;
  topic?: string;
  retracted?: string;
  reclassify?: boolean;
}

/**
 * The year and --retracted (read as search reads it) are checked before any work; the topic by the
 * library (it knows the stored ones too).
 */
function checkOptions(o: EvidenceOpts): { since?: number; topic?: string; retracted?: boolean } {
  if (o.since !== undefined && !/^\d{4}$/.test(o.since)) throw new UsageError(`evidence: --since must be a year YYYY, got "${o.since}"`);
  const { retracted } = filtersFromFlags(o.retracted === undefined ? {} : { retracted: o.retracted }, 'evidence');
  return { ...(o.since !== undefined ? { since: Number(o.since) } : {}), ...(o.topic !== undefined ? { topic: o.topic } : {}), ...(retracted !== undefined ? { retracted } : {}) };
}

async function reclassify(c: CommandContext, json: boolean): Promise<void> {
  const lib = await c.library({ open: 'existing' });
  try {
    const r = await lib.reclassifyEvidence();
    if (json) c.out(JSON.stringify(r, null, 2));
    else {
      // The map counts live records only: say which stored ones these are, so the two figures agree.
      const scope = r.withdrawn === 0 ? `${r.total} records` : `${r.total} stored records (${r.total - r.withdrawn} live, as the evidence map counts them, and ${r.withdrawn} withdrawn from PubMed)`;
      c.say(`evidence: reclassified ${scope} with rules v${r.version}: ${r.changed} changed, ${r.overridden} by override`);
      const n = r.unmatchedOverrides.length;
      if (n > 0) c.say(`evidence: note: ${n} override${n === 1 ? ' names a PMID' : 's name PMIDs'} no stored record has (${r.unmatchedOverrides.slice(0, 10).join(', ')}${n > 10 ? ', …' : ''}); it applies once that record is stored`);
    }
  } finally {
    lib.close();
  }
}

/** `kratomlit evidence [--json] [--since YEAR] [--topic T] [--retracted true|false] [--reclassify]`. */
export function evidenceCommand(ctx: () => CommandContext): Command {
  return new Command('evidence')
    .description('the evidence map: study design x theme counts and papers per year by design (see docs/evidence.md)')
    .option('--json', 'print the map (or the reclassification summary) as JSON')
    .option('--since <year>', 'only papers published in this year or later')
    .option('--topic <name>', 'only records of this configured topic')
    .option('--retracted <bool>', 'false: leave retracted papers out; true: count only them (default: count every paper, saying how many are retracted)')
    .option('--reclassify', 'recompute every stored record with the current rules and overrides (no network)')
    .action(async (o: EvidenceOpts) => {
      const c = ctx();
      if (o.reclassify) {
        if (o.since !== undefined || o.topic !== undefined || o.retracted !== undefined) throw new UsageError('evidence: --reclassify recomputes every record; it takes no --since, --topic or --retracted');
        await reclassify(c, o.json === true);
        process.exitCode = EXIT.OK;
        return;
      }
      const filters = checkOptions(o);
      const lib = await c.library();
      try {
        const map = lib.evidence(filters);
        c.out(o.json ? JSON.stringify(map, null, 2) : formatEvidenceMap(map));
        process.exitCode = EXIT.OK;
      } finally {
        lib.close();
      }
    });
}
