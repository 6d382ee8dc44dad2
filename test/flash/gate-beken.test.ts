import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bekenGateChip, evidenceWanted, gateErase, gateWrite, placeForVerify, type ChipEvidence, type GateOptions, type GateRequest } from '../../src/flash/gate/index.js';
import type { BekenFamily } from '../../src/flash/beken/families.js';
import { inspectImage } from '../../src/formats/inspect.js';
import { crc16Cms } from '../../src/formats/beken/crc16.js';
import { samplePath, noCorpus, readCorpus } from '../support/paths.js';
import { refusal } from '../support/gate.js';

const MiB = 0x100000;
const sample = (name: string) => new Uint8Array(readFileSync(samplePath(name)));
const corpus = (name: string) => readCorpus('beken', name);
const request = (data: Uint8Array, family: BekenFamily, options: GateOptions = {}): GateRequest => ({ file: 'f.bin', data, report: inspectImage(data), chip: bekenGateChip(family, 2 * MiB), options });
const write = (data: Uint8Array, family: BekenFamily, options: GateOptions = {}, evidence?: ChipEvidence) => gateWrite(request(data, family, options), evidence);

/** The chip's evidence as a chip holding `image` would give it. */
function evidenceFrom(image: Uint8Array, req: GateRequest, bootloaderDiffers = false): ChipEvidence {
  const wanted = evidenceWanted(req);
  return { regions: wanted.identity.map((r) => ({ offset: r.offset, data: image.slice(r.offset, r.offset + r.length) })), bootloaderDiffers };
}

const ua = sample('bk7231n-ua.bin');

/** The UA with one byte of its trailer header changed, the block's CRC-16 made to match again. */
function editedTrailerHeader(image: Uint8Array): Uint8Array {
  const out = image.slice();
  const block = out.length - 102;
  out[block + 20] ^= 1;
  const crc = crc16Cms(out, block, block + 32);
  out[block + 32] = crc >> 8;
  out[block + 33] = crc & 0xff;
  return out;
}
const qio = sample('bk7231n-qio.bin');
const nDump = sample('bk7231n-dump.bin');
const tDump = sample('bk7231t-dump.bin');

// each row: what is written, to which chip, with which options -> the flag the refusal names (null: no flag may allow it), or the address written
const rows: Array<{ name: string; data: Uint8Array; family: BekenFamily; options?: GateOptions; refused?: string | null; reason?: string; address?: number }> = [
  { name: 'a UA goes to 0x11000', data: ua, family: 'BK7231N', address: 0x11000 },
  { name: 'a QIO goes to 0x0, its bootloader part left out', data: qio, family: 'BK7231N', address: 0x11000 },
  { name: 'a QIO with --overwrite-bootloader from 0x0', data: qio, family: 'BK7231N', options: { overwriteBootloader: true }, address: 0 },
  { name: 'a QIO at the UA address', data: qio, family: 'BK7231N', options: { offset: 0x11000 }, refused: '--force-offset' },
  { name: 'a full dump at 0x11000', data: nDump, family: 'BK7231N', options: { offset: 0x11000 }, refused: '--force-offset' },
  { name: 'a UA at 0x0', data: ua, family: 'BK7231N', options: { offset: 0 }, refused: '--force-offset' },
  { name: 'a UA forced to 0x0 still needs the bootloader flag', data: ua, family: 'BK7231N', options: { offset: 0, forceOffset: true }, refused: '--overwrite-bootloader' },
  { name: 'a UA forced to 0x0 on a BK7231T: never', data: sample('bk7231n-ua.bin'), family: 'BK7231T', options: { offset: 0, forceOffset: true, forceFamily: true, overwriteBootloader: true }, refused: null },
  { name: 'a full dump with --overwrite-bootloader on a BK7231T: never', data: tDump, family: 'BK7231T', options: { overwriteBootloader: true }, refused: null },
  { name: 'a full T dump on a T: from 0x11000', data: tDump, family: 'BK7231T', address: 0x11000 },
  { name: 'a T dump on an N', data: tDump, family: 'BK7231N', refused: '--force-family' },
  { name: 'an N dump on an M (other flash key)', data: nDump, family: 'BK7231M', refused: '--force-family' },
  { name: 'an N UA on a BK7238', data: ua, family: 'BK7238', refused: '--force-family' },
  { name: 'a damaged dump', data: sample('bk7231n-damaged-dump.bin'), family: 'BK7231N', refused: '--force-damaged' },
  { name: 'a UA with an edited trailer header', data: editedTrailerHeader(ua), family: 'BK7231N', refused: '--force-damaged' },
  { name: 'a UA with a damaged trailer block', data: (() => { const d = ua.slice(); d[d.length - 102 + 10] ^= 1; return d; })(), family: 'BK7231N', refused: '--force-damaged' },
  { name: 'a UA one sector too long', data: (() => { const d = new Uint8Array(ua.length + 0x1000).fill(0xff); d.set(ua); return d; })(), family: 'BK7231N', refused: '--force-damaged' },
  { name: 'raw bytes need --offset', data: new Uint8Array(0x1000).fill(0x42), family: 'BK7231N', refused: null, reason: 'input' },
  { name: 'raw bytes over the app', data: new Uint8Array(0x1000).fill(0x42), family: 'BK7231N', options: { offset: 0x20000 }, refused: '--force-no-firmware' },
  { name: 'raw bytes past the app', data: new Uint8Array(0x1000).fill(0x42), family: 'BK7231N', options: { offset: 0x1f0000 }, address: 0x1f0000 },
  { name: 'raw bytes in the bootloader region', data: new Uint8Array(0x1000).fill(0x42), family: 'BK7231N', options: { offset: 0x1000 }, refused: '--overwrite-bootloader' },
  { name: 'an OTA package', data: sample('bk7231n-app.rbl'), family: 'BK7231N', refused: null, reason: 'input' },
  { name: 'a mistyped offset (NaN)', data: ua, family: 'BK7231N', options: { offset: Number.NaN }, refused: null, reason: 'usage' },
  { name: 'an offset off the sector grid', data: ua, family: 'BK7231N', options: { offset: 0x11001 }, refused: null, reason: 'usage' },
  { name: 'an offset past the flash', data: ua, family: 'BK7231N', options: { offset: 0x400000 }, refused: null, reason: 'usage' },
  { name: 'a UA that would end past the flash', data: ua, family: 'BK7231N', options: { offset: 0x1f0000, forceOffset: true }, refused: null, reason: 'input' },
];

for (const row of rows) {
  test(`gate: ${row.name}`, () => {
    if (row.address !== undefined) {
      assert.equal(write(row.data, row.family, row.options).address, row.address);
      return;
    }
    const refused = refusal(() => write(row.data, row.family, row.options));
    assert.equal(refused.override, row.refused);
    assert.equal(refused.reason, row.reason ?? 'unsafe');
    assert.doesNotMatch(refused.message, /\n/, 'one sentence');
    if (row.refused) assert.match(refused.message, new RegExp(`pass ${row.refused}`));
  });
}

test("a full dump whose bootloader differs from the chip's is refused, not written around", () => {
  const req = request(nDump, 'BK7231N');
  assert.deepEqual(evidenceWanted(req).bootloader?.offset, 0);
  assert.equal(evidenceWanted(req).bootloader?.data.length, 0x11000);
  assert.equal(refusal(() => gateWrite(req, { regions: [], bootloaderDiffers: true })).override, '--overwrite-bootloader');
  assert.equal(gateWrite(req, { regions: [], bootloaderDiffers: false }).address, 0x11000);
  // a BK7231T's bootloader cannot be compared nor written: it is kept, and said so
  const t = request(tDump, 'BK7231T');
  assert.equal(evidenceWanted(t).bootloader, null);
  assert.match(gateWrite(t).notes.join(' '), /BK7231T must keep its own bootloader/);
});

test("another device's full dump: refused naming --keep-identity, which keeps the chip's RF calibration and Tuya storage", { skip: noCorpus }, () => {
  const file = corpus('Allegro_Berge_MI0014_30_x_5_cm_Milio.bin');
  const onChip = corpus('Kanlux_33643_S_GU10_RGBCCT_Bulb.bin');
  const req = request(file, 'BK7231N');
  const wanted = evidenceWanted(req);
  assert.deepEqual(wanted.identity.map((r) => r.offset), [0x1d0000, 0x1ed000]);
  const refused = refusal(() => gateWrite(req, evidenceFrom(onChip, req)));
  assert.equal(refused.override, '--keep-identity');
  assert.match(refused.message, /another device's identity \(MAC [0-9a-f:]+ where the chip has [0-9a-f:]+, other Tuya device keys\)/);

  const kept = gateWrite(request(file, 'BK7231N', { keepIdentity: true }), evidenceFrom(onChip, req));
  const at = (offset: number, length: number) => kept.data.subarray(offset - kept.address, offset - kept.address + length);
  for (const r of wanted.identity) assert.deepEqual(at(r.offset, r.length), onChip.subarray(r.offset, r.offset + r.length), 'the chip keeps its own sector');
  assert.deepEqual(at(0x11000, 0x100000), file.subarray(0x11000, 0x111000), 'the app is the file\'s');
  const replaced = gateWrite(request(file, 'BK7231N', { replaceIdentity: true }), evidenceFrom(onChip, req));
  assert.deepEqual(replaced.data.subarray(0x1d0000 - 0x11000, 0x1d1000 - 0x11000), file.subarray(0x1d0000, 0x1d1000));
  // its own backup goes back without a word
  assert.equal(gateWrite(req, evidenceFrom(file, req)).address, 0x11000);
});

test('verify places a UA and a full dump as a write does', () => {
  assert.equal(placeForVerify(request(ua, 'BK7231N')).address, 0x11000);
  const full = placeForVerify(request(nDump, 'BK7231N'));
  assert.deepEqual([full.address, full.data.length], [0x11000, 2 * MiB - 0x11000]);
  assert.equal(placeForVerify(request(nDump, 'BK7231N', { overwriteBootloader: true })).address, 0);
});

test('erase: the bootloader region only with --overwrite-bootloader, and never on a BK7231T', () => {
  const n = bekenGateChip('BK7231N', 2 * MiB);
  const t = bekenGateChip('BK7231T', 2 * MiB);
  assert.deepEqual(gateErase({ chip: n, all: true }), { offset: 0x11000, length: 2 * MiB - 0x11000, notes: [gateErase({ chip: n, all: true }).notes[0]!] });
  assert.equal(refusal(() => gateErase({ chip: n, offset: 0, length: 0x1000 })).override, '--overwrite-bootloader');
  assert.equal(gateErase({ chip: n, offset: 0, length: 0x1000, overwriteBootloader: true }).offset, 0);
  assert.equal(refusal(() => gateErase({ chip: t, offset: 0, length: 0x1000, overwriteBootloader: true })).override, null);
  assert.equal(refusal(() => gateErase({ chip: t, all: true, overwriteBootloader: true })).override, null);
  assert.equal(refusal(() => gateErase({ chip: n, offset: Number.NaN, length: 0x1000 })).reason, 'usage');
  assert.equal(refusal(() => gateErase({ chip: n, offset: 0x20000, length: 0x800 })).reason, 'usage');
});
