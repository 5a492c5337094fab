/**
 * The published package as a consumer gets it: `npm pack` output unpacked into a fresh project whose
 * node_modules holds kratomlit's runtime dependencies only (no devDependencies such as
 * @types/better-sqlite3) and @types/node, compiled with `strict` and no `skipLibCheck`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type CliResult, REPO, runNode } from '../cli/run-cli.js';

/** Packs the repository (its current build) and installs it into a new temp project; returns the project folder. */
export function packedProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const tgz = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop() ?? '';
  const pkgDir = join(dir, 'node_modules', 'kratomlit');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', pkgDir, '--strip-components=1']);
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of [...Object.keys(pkg.dependencies), '@types/node']) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(REPO, 'node_modules', name), target, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  return dir;
}

/**
 * Writes each `name.ts` of `scripts` and one strict tsconfig (no skipLibCheck) naming them all into `dir`, so
 * one compiler run checks them all (a run costs seconds: most of it is loading the compiler and the
 * declarations every script shares); `emit` writes `name.js` beside each.
 */
export function writeScripts(dir: string, scripts: Record<string, string>, emit: boolean): void {
  for (const [name, source] of Object.entries(scripts)) writeFileSync(join(dir, name), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, skipLibCheck: false, noEmit: !emit, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'] },
    files: Object.keys(scripts),
  }));
}

/** Runs the repository's TypeScript compiler on `dir`; returns its output ('' when the script compiled cleanly). */
export function compile(dir: string): string {
  try {
    execFileSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

/** Runs `node script.js` in `dir` with `env` over a scrubbed environment (asynchronously: a loopback server may answer it). */
export function runScript(dir: string, env: Record<string, string>): Promise<CliResult> {
  return runNode(['script.js'], { cwd: dir, env });
}
