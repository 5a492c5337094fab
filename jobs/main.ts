#!/usr/bin/env node
import { runCli } from '../src/cli/program.js';

// The `kratomlit` binary; every command lives in src/cli/. Nothing imports this file.

// A reader that stops reading (`kratomlit export ... | head`) closes the pipe: the rest of the output is not
// wanted, so the command ends quietly, as a shell tool killed by SIGPIPE does, instead of with an error line
// (or a stream export waiting for a drain that never comes). Data on stdout is written after any store
// work a command does, so nothing is cut short but output.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw err;
});
const code = await runCli(process.argv.slice(2));
// stdout to a pipe is asynchronous: let it drain before exiting, or `--json | jq` could see a cut document.
process.stdout.write('', () => process.exit(code));
