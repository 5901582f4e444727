#!/usr/bin/env node
// Launcher: the CLI is written in TypeScript and run through tsx's ESM loader,
// so `npx osservatorio` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
