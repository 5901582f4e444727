#!/usr/bin/env node
// Launcher: the CLI is written in TypeScript and run through tsx's ESM loader,
// so `npx osservatorio` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// `osservatorio loads list | head -1`: a reader that closes the pipe early is
// not an error. The rest of the output has nowhere to go, so it is dropped
// quietly and the command finishes as it would have (an ingest still commits
// or rolls back whole) instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = () => true;
  });
}

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
