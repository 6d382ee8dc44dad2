import { sha256Of, toHex } from '../bytes.js';
import { checkWithinFlash } from '../largest-flash.js';
import { layPieces, type FlashPiece, type MergedImage } from './merge.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type ManifestFile, type SplitManifest } from './split.js';

/** A manifest that cannot be used: what is wrong with it, in one sentence. */
export class ManifestError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Checks the parts of a manifest that re-assembly relies on (the rest is information); sizes past the
 * largest flash throw BeyondFlashError before any file is read.
 */
export function parseSplitManifest(json: unknown): SplitManifest {
  if (!isRecord(json) || json.format !== MANIFEST_FORMAT) throw new ManifestError(`this is not a "${MANIFEST_FORMAT}" manifest (written by fwkit bl split)`);
  if (json.version !== MANIFEST_VERSION) throw new ManifestError(`manifest version ${String(json.version)} is not supported (expected ${MANIFEST_VERSION})`);
  if (!isCount(json.size) || typeof json.sha256 !== 'string' || !Array.isArray(json.files)) throw new ManifestError('the manifest lacks its "size", "sha256" or "files"');
  json.files.forEach((file: unknown, i) => {
    const ok = isRecord(file) && typeof file.file === 'string' && isCount(file.address) && isCount(file.length) && typeof file.sha256 === 'string' && typeof file.layout === 'boolean';
    if (!ok) throw new ManifestError(`files[${i}] needs "file", "address", "length", "sha256" and "layout"`);
    if (/[\\/]/.test(file.file as string) || file.file === '..') throw new ManifestError(`files[${i}]: "${String(file.file)}" must be a plain file name beside the manifest`);
    if (file.layout) checkWithinFlash(`the end of files[${i}] ("${String(file.file)}", address + length)`, (file.address as number) + (file.length as number));
  });
  checkWithinFlash('the manifest\'s "size"', json.size);
  return json as unknown as SplitManifest;
}

export interface ReassembledImage extends Pick<MergedImage, 'bytes' | 'placed'> {
  /** Files whose bytes differ from what the split wrote (edited on purpose, or damaged). */
  changed: string[];
  /** True when the result is byte for byte the file that was split. */
  identical: boolean;
}

/**
 * Lays every layout file of a split at its flash address over erased flash, padded to the split
 * file's size. A file that was edited is used as it is and named in `changed`.
 */
export function assembleFromManifest(manifest: SplitManifest, read: (file: ManifestFile) => Uint8Array): ReassembledImage {
  const changed: string[] = [];
  const pieces: FlashPiece[] = manifest.files
    .filter((file) => file.layout)
    .map((file) => {
      const bytes = read(file);
      if (bytes.length !== file.length || toHex(sha256Of(bytes)) !== file.sha256) changed.push(file.file);
      return { what: file.file, offset: file.address, bytes };
    });
  const { bytes, placed } = layPieces(pieces, manifest.size);
  return { bytes, placed, changed, identical: toHex(sha256Of(bytes)) === manifest.sha256 };
}
