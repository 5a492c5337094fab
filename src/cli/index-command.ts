import { Command } from 'commander';
import type { CommandContext } from './context.js';
import { createProgress } from './progress.js';

/** `kratomlit index [--rebuild]`. */
export function indexCommand(ctx: () => CommandContext): Command {
  return new Command('index')
    .description('bring the search index up to date (incremental), or rebuild it from the store')
    .option('--rebuild', 'rebuild from scratch')
    .action(async (o: { rebuild?: boolean }) => {
      const c = ctx();
      const lib = await c.library();
      const progress = createProgress(c, 'index', { unit: 'records' });
      try {
        if (o.rebuild) {
          // The total is known once the build reports (every 1,000 records), so the bar starts then.
          let started = false;
          const r = await lib.rebuildIndex({ onProgress: ({ done, total }) => {
            if (!started) progress.start('rebuild', total);
            started = true;
            progress.update(done);
          } });
          progress.stop();
          c.say(`index rebuilt: ${r.records} records in ${(r.ms / 1000).toFixed(1)} s (${c.config.indexPath})`);
        } else {
          const r = await lib.refreshIndex();
          c.say(`index up to date: ${r.added} added, ${r.replaced} replaced, ${r.removed} removed (${c.config.indexPath})`);
        }
      } finally {
        progress.stop();
        lib.close();
      }
    });
}
