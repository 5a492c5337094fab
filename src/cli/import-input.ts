/**
 * The inputs `import` reads twice (a validating pass, then the store pass) made readable twice: `-`
 * (standard input) and pipes or FIFOs are copied, as they stream in, to a private temporary file; regular
 * files, folders and missing paths go on as typed (the importer names what is wrong with them). A
 * character or block device (`/dev/zero`, a terminal) is refused before any work: it would never end, or
 * wait for typing.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, EXIT, UsageError, errorMessage } from '../errors.js';

/** The paths to import, and the cleanup of any copies made for them (call it whatever the import did). */
export interface ImportInputs {
  paths: string[];
  /** What to call each path (the library's `names`): the input as typed, `-` as `standard input`. */
  names: string[];
  cleanup(): Promise<void>;
}

/** Options of {@link importInputs}. */
export interface ImportInputOptions {
  /** The process's standard input (a parameter, so a test can hand in its own). */
  stdin?: Readable & { isTTY?: boolean };
  /** Stops a copy under way (Ctrl-C, SIGTERM): its folder is removed and an interrupted error thrown. */
  signal?: AbortSignal;
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
 *
 * The temporary folder is removed on every way out: by `cleanup`, by this function when a copy fails or
 * `signal` stops it, and by a process `exit` hook when something ends the process first (a second Ctrl-C
 * exits at once). A copy that fails throws one line naming the input and the temporary folder's place.
 */
export async function importInputs(args: readonly string[], opts: ImportInputOptions = {}): Promise<ImportInputs> {
  const stdin = opts.stdin ?? process.stdin;
  if (args.filter((a) => a === '-').length > 1) throw new UsageError('import: - (standard input) is given twice; it can be read once');
  const inputs = await Promise.all(args.map((a) => classify(a, stdin)));
  for (const i of inputs) if (i.kind === 'refused') throw new UsageError(`import: ${i.why}`);
  const names = args.map(shownName);
  const streamed = args.filter((_, n) => inputs[n]?.kind === 'stream');
  if (streamed[0] === undefined) return { paths: [...args], names, cleanup: async () => undefined };
  const dir = await tempFolder(shownName(streamed[0]));
  try {
    const paths: string[] = [];
    for (const [n, arg] of args.entries()) {
      const input = inputs[n];
      if (input?.kind !== 'stream') {
        paths.push(arg);
        continue;
      }
      paths.push(await copyStream(input.open, join(dir.path, String(n)), arg, opts.signal));
    }
    return { paths, names, cleanup: async () => dir.remove() };
  } catch (err) {
    dir.remove();
    throw err;
  }
}

/** How the user knows an argument: `-` is `standard input`. */
function shownName(arg: string): string {
  return arg === '-' ? 'standard input' : arg;
}

/**
 * A private folder under the OS temp folder, and its removal; an `exit` hook removes it too, so a process
 * that exits before `remove` (a second signal) leaves nothing behind. Synchronous removal: an `exit` hook
 * cannot wait.
 */
async function tempFolder(input: string): Promise<{ path: string; remove: () => void }> {
  let path: string;
  try {
    path = await mkdtemp(join(tmpdir(), 'kratomlit-import-'));
  } catch (err) {
    throw copyError(input, err);
  }
  const remove = () => {
    process.off('exit', remove);
    rmSync(path, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { path, remove };
}

/** Copies one stream into its own sub-folder (two pipes of the same name stay apart); returns the copy's path. */
async function copyStream(open: () => Readable, folder: string, arg: string, signal: AbortSignal | undefined): Promise<string> {
  const copy = join(folder, arg === '-' ? 'stdin' : basename(arg));
  try {
    await mkdir(folder);
    await pipeline(open(), createWriteStream(copy, { flags: 'wx', mode: 0o600 }), ...(signal ? [{ signal }] : []));
  } catch (err) {
    if (signal?.aborted) throw new AppError('INTERRUPTED', `import: interrupted while copying ${shownName(arg)} to a temporary file; nothing was stored`, { exitCode: EXIT.PARTIAL });
    throw copyError(shownName(arg), err);
  }
  return copy;
}

/** The one line a failed copy ends the command with: Node's "ENOSPC: no space left on device, write" loses its tail. */
function copyError(input: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  const message = errorMessage(err);
  const reason = code !== undefined && message.startsWith(`${code}: `) ? (message.split(',')[0] ?? message) : message;
  return new AppError('IMPORT_COPY', `import: could not copy ${input} to a temporary file in ${tmpdir()}: ${reason}`, { cause: err });
}
