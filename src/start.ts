#!/usr/bin/env node
/**
 * The `fwkit` program as installed (package.json "bin": dist/cli/fwkit.js, built from this file by
 * scripts/build-cli.ts): runs the bundled command line beside it with V8's compiled code kept between
 * runs (code-cache.ts), so that a run does not parse and compile the same code again.
 */
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.js';

/** The bundle's file name beside this one, its content hash in the name; scripts/build-cli.ts sets it. */
declare const FWKIT_BUNDLE: string;

runBundle(fileURLToPath(new URL(FWKIT_BUNDLE, import.meta.url)));
