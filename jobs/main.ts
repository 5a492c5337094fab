#!/usr/bin/env node
import { runCli } from '../src/cli.js';
import { cliExtensions } from './cli-extensions.js';

// The `kratomlit` binary. jobs/ owns the commands that run jobs (ingest, digest, schedule, demo), because
// nothing in src/ may import jobs/; src/cli.ts receives them here.
const code = await runCli(process.argv.slice(2), cliExtensions());
// stdout to a pipe is asynchronous: let it drain before exiting, or `--json | jq` could see a cut document.
process.stdout.write('', () => process.exit(code));
