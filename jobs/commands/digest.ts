import type { CommandContext } from '../../src/commands/context.js';
import { EXIT } from '../../src/errors.js';
import { type DigestDeps, run } from '../digest.js';
import { closeStore } from '../../src/store/open.js';

/** Digest dependencies from the configuration (and an optional `--out`). */
export function digestDeps(ctx: CommandContext, db: DigestDeps['db'], outDir?: string): DigestDeps {
  const d = ctx.config.digest;
  return {
    db,
    outDir: outDir ?? d.outDir,
    timeZone: d.timezone,
    perTopicCap: d.perTopicCap,
    feedWeeks: d.feedWeeks,
    topics: ctx.config.topics.map((t) => t.name),
    siteUrl: d.siteUrl,
    logger: ctx.logger,
  };
}

/** The `digest` command's work (loaded only when the command runs). */
export async function runDigestCommand(c: CommandContext, o: { week?: string; out?: string; json?: boolean }): Promise<void> {
  const db = c.openDb();
  try {
    const r = await run(digestDeps(c, db, o.out), c.now(), o.week ? { week: o.week } : {});
    if (o.json) c.out(JSON.stringify(r, null, 2));
    else c.say(`digest ${r.week}: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.notices} notices -> ${r.files.join(', ')}`);
    process.exitCode = EXIT.OK;
  } finally {
    closeStore(db);
  }
}
