import { readFileSync } from 'node:fs';
import { corpusPath, hasCorpus } from '../support/paths.js';

export interface CorpusDump {
  file: string;
  family: string;
  rotated: boolean;
  app: { name: string; version: string } | undefined;
}

/** Every full Beken dump of the corpus, from its expected.json (the KV fragment is not a dump). */
export const corpusDumps: CorpusDump[] = hasCorpus
  ? (JSON.parse(readFileSync(corpusPath('beken', 'expected.json'), 'utf8')) as { entries: Array<CorpusDump & { kind: string }> }).entries
      .filter((e) => e.kind === 'full-dump')
      
      .map((e) => ({ file: e.file, family: e.family, rotated: e.rotated ?? false, app: e.app }))
  : [];

export function readDump(file: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath('beken', file)));
}
