/**
 * yargs' factory through its CommonJS build, from a CommonJS file so that the bundler
 * (scripts/build-cli.ts) takes that build into dist/cli instead of leaving a require to resolve at
 * run time. The CommonJS build is the one that lays out help with wrap-ansi, which wraps at word
 * boundaries; the ES-module build cuts every line at the column width, in mid-word. 'yargs/yargs'
 * is the factory alone: the package's main module also builds a global instance at load.
 */
import yargs = require('yargs/yargs');

export = yargs;
