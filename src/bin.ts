#!/usr/bin/env node
/**
 * The `fwkit` program as installed (package.json "bin", bundled into dist/cli by scripts/build-cli.ts).
 * Node 22.1 and later can keep the compiled code of the modules it loads between runs; turning that on
 * before the command line loads lets every later run start from it. Older Node has no such call.
 */
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./cli.js');
