#!/usr/bin/env node
import { runCli } from '../src/cli/program.js';

// The `kratomlit` binary; every command lives in src/cli/. Nothing imports this file.
const code = await runCli(process.argv.slice(2));
// stdout to a pipe is asynchronous: let it drain before exiting, or `--json | jq` could see a cut document.
process.stdout.write('', () => process.exit(code));
