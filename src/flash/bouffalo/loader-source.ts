/**
 * Where fwkit downloads Bouffalo's eflash_loader from when none is on the machine, and how the
 * download is checked and opened. fwkit does not ship the loader; it fetches it like a toolchain.
 */
import { unzipSync } from 'fflate';
import { toHex } from '../../formats/bytes.js';
import { gunzipWithin } from '../../formats/gunzip-within.js';
import { findTarFile, isTar } from '../../formats/tar.js';
import { platform } from '../../platform/index.js';
import { BouffaloSetupError } from './errors.js';

export type LoaderChip = 'bl602' | 'bl702';

/** One downloadable thing holding a loader: the file itself, or an archive (tar.gz, zip) with it inside. */
export interface LoaderSource {
  url: string;
  /** SHA-256 of the downloaded bytes (the archive when `entry` is set), lower-case hex. */
  sha256: string;
  /** Path of the loader inside the archive, matched as a suffix; absent when the URL is the loader itself. */
  entry?: string;
  /** The loader's file name, for messages and the cache. */
  file: string;
  /** Where the URL and hash were taken from, for messages. */
  origin: string;
}

/*
 * The pinned source: the source distribution of Bouffalo's own bflb-iot-tool 1.0.0 on PyPI (5.9 MB),
 * which carries the BL602 and BL702 loaders in its chips folders.
 *  - SHA-256 91421305…2c5 and BLAKE2b-256 a8117d86…8cb8 of bflb-iot-tool-1.0.0.tar.gz: PyPI's file details
 *    for bflb-iot-tool 1.0.0 (pypi.org/project/bflb-iot-tool/1.0.0, "File hashes"). [R]
 *  - The download URL follows PyPI's storage rule /packages/<b2[0:2]>/<b2[2:4]>/<b2[4:]>/<file name> with
 *    that BLAKE2b-256 digest. [I]
 *  - The paths inside are inferred, not seen: bflb_iot_tool looks loaders up as <chip>/eflash_loader/
 *    eflash_loader_<xtal>.bin under its package folder (chips/ in later releases), so the entry is matched
 *    as a suffix. [I] The 40 MHz BL602 loader and the 32 MHz BL702 loader are the tool's defaults
 *    (bflb-iot-tool's --xtal help: "4:40M (default)" for bl602, "1:32M (default)" for bl702). [R]
 * The archive's SHA-256 is checked before anything is taken from it, and the loader inside is checked as a
 * boot image (header and segment CRCs) before it is cached.
 */
const BFLB_IOT_TOOL_1_0_0 = {
  url: 'https://files.pythonhosted.org/packages/a8/11/7d8679035a47c96bdd6f9f51f3e03b4608c2a0cef1b477c346671a7f8cb8/bflb-iot-tool-1.0.0.tar.gz',
  sha256: '91421305948656e3a92669e6ea80855958e6bf6b366e02b6180ef324e65ff2c5',
  origin: 'bflb-iot-tool 1.0.0 on PyPI',
};

export const PINNED_LOADERS: Record<LoaderChip, LoaderSource> = {
  bl602: { ...BFLB_IOT_TOOL_1_0_0, entry: 'bl602/eflash_loader/eflash_loader_40m.bin', file: 'eflash_loader_40m.bin' },
  bl702: { ...BFLB_IOT_TOOL_1_0_0, entry: 'bl702/eflash_loader/eflash_loader_32m.bin', file: 'eflash_loader_32m.bin' },
};

/** The variable that replaces the pinned source for one chip: "<url>#sha256=<64 hex digits>". */
export function sourceVariable(chip: LoaderChip): string {
  return `FWKIT_${chip.toUpperCase()}_LOADER_URL`;
}

/**
 * The source to download from: the pinned one, or the one the user named in $FWKIT_<CHIP>_LOADER_URL
 * (a mirror, another loader version). A named source must carry its own SHA-256: nothing is ever
 * taken unchecked. An archive URL (.tar.gz, .tgz, .zip) is searched for the pinned entry path.
 */
export function loaderSource(chip: LoaderChip, env: Record<string, string | undefined>): LoaderSource {
  const variable = sourceVariable(chip);
  const value = env[variable];
  if (!value) return PINNED_LOADERS[chip];
  const match = /^(.+)#sha256=([0-9a-fA-F]{64})$/.exec(value.trim());
  if (!match) throw new BouffaloSetupError(`$${variable} must be <url>#sha256=<64 hex digits> (the SHA-256 of what the URL serves), not "${value}"`);
  const url = match[1]!;
  const archive = /\.(tar\.gz|tgz|zip)$/i.test(new URL(url, 'file:///').pathname);
  const pinned = PINNED_LOADERS[chip];
  return { url, sha256: match[2]!.toLowerCase(), entry: archive ? pinned.entry : undefined, file: pinned.file, origin: `$${variable}` };
}

/** The downloaded bytes did not have the expected SHA-256. */
export class LoaderHashError extends BouffaloSetupError {
  constructor(
    readonly source: LoaderSource,
    readonly actual: string,
  ) {
    super(
      `refused the download of ${source.url}: its SHA-256 is ${actual}, expected ${source.sha256} (from ${source.origin}); ` +
        `nothing was cached - the download was damaged or the file changed at its source`,
    );
    this.name = 'LoaderHashError';
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return toHex(platform.sha256(bytes)).toLowerCase();
}

/** A tool archive inflates to tens of MiB; a stream that goes far past that is not one. */
const INFLATED_LIMIT = 256 * 1024 * 1024;

/** The file at `entry` inside a tar.gz or zip archive. */
function fromArchive(archive: Uint8Array, entry: string, url: string): Uint8Array | undefined {
  if (archive[0] === 0x50 && archive[1] === 0x4b) {
    const files = unzipSync(archive, { filter: (file) => file.name === entry || file.name.endsWith(`/${entry}`) });
    return Object.values(files)[0];
  }
  const inflated = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipWithin(archive, INFLATED_LIMIT) : archive;
  if (!isTar(inflated)) throw new BouffaloSetupError(`${url}: neither a tar.gz nor a zip archive, so ${entry} cannot be taken from it`);
  return findTarFile(inflated, entry)?.data;
}

/** Checks the download against the source's SHA-256, then takes the loader out of it. */
export function unpackLoader(source: LoaderSource, downloaded: Uint8Array): Uint8Array {
  const actual = sha256Hex(downloaded);
  if (actual !== source.sha256) throw new LoaderHashError(source, actual);
  if (!source.entry) return downloaded;
  const loader = fromArchive(downloaded, source.entry, source.url);
  if (!loader) throw new BouffaloSetupError(`${source.url} has the expected SHA-256 but no file ending in ${source.entry}`);
  return loader;
}
