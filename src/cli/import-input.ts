/**
 * The inputs `import` reads twice (a validating pass, then the store pass) made readable twice: `-`
 * (standard input) and pipes or FIFOs are copied, as they stream in, to a private temporary file; regular
 * files, folders and missing paths go on as typed (the importer names what is wrong with them). A
 * character or block device (`/dev/zero`, a terminal) is refused before any work: it would never end, or
 * wait for typing.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../errors.js';

/** The paths to import, and the cleanup of any copies made for them (call it whatever the import did). */
export interface ImportInputs {
  paths: string[];
  /** What to call each path (the library's `names`): the input as typed, `-` as `standard input`. */
  names: string[];
  cleanup(): Promise<void>;
}

/** How each argument is read: as it is, copied from a stream, or refused. */
type Input = { kind: 'file' } | { kind: 'stream'; open: () => Readable } | { kind: 'refused'; why: string };

/** How `arg` is read; `stdin` is the process's standard input (a parameter, so a test can hand in its own). */
async function classify(arg: string, stdin: Readable & { isTTY?: boolean }): Promise<Input> {
  if (arg === '-') {
    if (stdin.isTTY === true) return { kind: 'refused', why: '- (standard input) is a terminal: pipe the XML in (cat saved.xml | kratomlit import -)' };
    return { kind: 'stream', open: () => stdin };
  }
  let info;
  try {
    info = await stat(arg);
  } catch {
    return { kind: 'file' }; // missing or unreadable: the importer's own message names it
  }
  if (info.isFIFO() || info.isSocket()) return { kind: 'stream', open: () => createReadStream(arg) };
  if (info.isCharacterDevice() || info.isBlockDevice()) {
    return { kind: 'refused', why: `${arg} is a device, not a file (import reads files, pipes and - for standard input)` };
  }
  return { kind: 'file' };
}

/**
 * Resolves `args` for the importer: refuses a device, or `-` twice (standard input reads once), with one
 * UsageError naming it before anything is read; then copies each stream to a temporary file named after it
 * (`stdin`, or the pipe's own name); the library is given the input as typed to name in its report and ledger.
 */
export async function importInputs(args: readonly string[], stdin: Readable & { isTTY?: boolean } = process.stdin): Promise<ImportInputs> {
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('import: - (standard input) is given twice; it can be read once');
  const inputs = await Promise.all(args.map((a) => classify(a, stdin)));
  for (const i of inputs) if (i.kind === 'refused') throw new UsageError(`import: ${i.why}`);
  const names = args.map((a) => (a === '-' ? 'standard input' : a));
  if (!inputs.some((i) => i.kind === 'stream')) return { paths: [...args], names, cleanup: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'kratomlit-import-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const paths: string[] = [];
    for (const [n, arg] of args.entries()) {
      const input = inputs[n];
      if (input?.kind !== 'stream') {
        paths.push(arg);
        continue;
      }
      // One sub-folder per input keeps two pipes of the same name apart.
      const folder = join(dir, String(n));
      await mkdir(folder);
      const copy = join(folder, arg === '-' ? 'stdin' : basename(arg));
      await pipeline(input.open(), createWriteStream(copy, { flags: 'wx', mode: 0o600 }));
      paths.push(copy);
    }
    return { paths, names, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
