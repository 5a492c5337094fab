import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError, errorMessage } from '../errors.js';
import { makeFolders } from '../fs/folders.js';

/** The file that marks a folder as made by `kratomlit demo`, so a later demo may reuse it. */
export const DEMO_MARKER = '.kratomlit-demo';

/** What the demo writes in its folder, and so the only names it ever removes there. */
const DEMO_OUTPUTS = ['kratomlit-demo.sqlite', 'kratomlit-demo.sqlite-wal', 'kratomlit-demo.sqlite-shm', 'kratomlit-demo.sqlite.index', 'digests'];

/**
 * Makes `dir` ready for a demo run without ever deleting what the demo did not create: a new or empty
 * folder gets the marker; a folder with the marker has only the demo's own outputs removed; any other
 * non-empty folder (a project, `.`, a home folder) is refused with a usage error naming it.
 */
export function prepareDemoDir(dir: string): void {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    try {
      makeFolders(abs);
    } catch (err) {
      throw new UsageError(`demo: --dir ${dir} cannot be made: ${errorMessage(err)}`, { cause: err });
    }
  } else if (!statSync(abs).isDirectory()) {
    throw new UsageError(`demo: --dir ${dir} is a file, not a folder`);
  } else if (!existsSync(join(abs, DEMO_MARKER))) {
    if (readdirSync(abs).length > 0) {
      throw new UsageError(`demo: --dir ${dir} is not empty and was not made by kratomlit demo; name a new or empty folder (nothing was changed)`);
    }
  } else {
    for (const name of DEMO_OUTPUTS) rmSync(join(abs, name), { recursive: true, force: true });
  }
  writeFileSync(join(abs, DEMO_MARKER), 'This folder was made by `kratomlit demo`, which may replace its outputs here.\n');
}
