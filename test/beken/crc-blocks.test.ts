import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc16Cms } from '../../src/formats/beken/crc16.js';
import { addCrc, blockState, scanRegion, stripCrc, toLogical, toPhysical } from '../../src/formats/beken/blocks.js';
import { FormatError } from '../../src/formats/errors.js';
import { fromHex } from '../support/bytes.js';

const allegroAppBlock = fromHex('2f07b594 35ff2a9b 35e72a9b 35ef2a9b 35d72a9b 35df2a9b 35c72a9b 35cf2a9b fe2b');

test('CRC-16/CMS check value and the erased-block value', () => {
  assert.equal(crc16Cms(new TextEncoder().encode('123456789')), 0xaee7);
  assert.equal(crc16Cms(new Uint8Array(32).fill(0xff)), 0x000c);
});

test('the first app block of a real N dump carries CRC 0xFE2B, stored big-endian', () => {
  assert.equal(crc16Cms(allegroAppBlock, 0, 32), 0xfe2b);
  assert.equal(blockState(allegroAppBlock, 0), 'valid');
});

test('blocks are valid, erased (34 x 0xFF, which fails its CRC) or bad', () => {
  assert.equal(blockState(new Uint8Array(34).fill(0xff), 0), 'erased');
  const flipped = allegroAppBlock.slice();
  flipped[5] ^= 0x10;
  assert.equal(blockState(flipped, 0), 'bad');
  const region = new Uint8Array([...allegroAppBlock, ...new Uint8Array(34).fill(0xff), ...flipped]);
  const scan = scanRegion(region, 0, region.length);
  assert.deepEqual([scan.valid, scan.erased, scan.bad, scan.badOffsets, scan.firstNonValid, scan.validEnd], [1, 1, 1, [68], 1, 1]);
});

test('logical <-> physical conversion constants', () => {
  const pairs: Array<[number, number]> = [
    [0x10000, 0x11000],
    [0xffa0, 0x10f9a],
    [0x118700, 0x129f70],
    [0x1186a0, 0x129f0a],
    [0x21, 0x23],
  ];
  for (const [logical, phys] of pairs) {
    assert.equal(toPhysical(logical), phys);
    assert.equal(toLogical(phys), logical);
  }
  assert.throws(() => toLogical(32), FormatError);
});

test('adding then stripping CRCs is the identity; an all-0xFF block stays erased', () => {
  const logical = new Uint8Array(100).map((_, i) => (i * 7) & 0xff);
  logical.fill(0xff, 32, 64);
  const framed = addCrc(logical);
  assert.equal(framed.length, 4 * 34);
  assert.equal(blockState(framed, 34), 'erased');
  assert.equal(blockState(framed, 0), 'valid');
  const back = stripCrc(framed);
  assert.deepEqual(back.subarray(0, 100), logical);
  assert.ok(back.subarray(100).every((b) => b === 0xff), 'a partial last block is padded with 0xFF');
});
