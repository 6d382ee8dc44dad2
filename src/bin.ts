#!/usr/bin/env node
/**
 * The command line's entry. tsc's modules run it as dist/src/bin.js; scripts/build-cli.ts bundles it
 * with everything it loads into one CommonJS file in dist/cli, which the installed program (start.ts)
 * runs with its compiled code kept between runs.
 */
import { runCli } from './cli.js';

void runCli();
