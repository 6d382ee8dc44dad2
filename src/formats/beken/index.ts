/** The Beken format library: what other commands (convert, flash) build on. */
export { crc16Cms } from './crc16.js';
export { addCrc, blockState, scanRegion, stripCrc, toLogical, toPhysical, BLOCK_DATA, BLOCK_SIZE, type RegionScan } from './blocks.js';
export { cryptWords, formatKey, keystream, keysEqual, parseKey, TUYA_KEY, ZERO_KEY, type BekenKey } from './cipher.js';
export { keyForApp, recoverKey, KNOWN_KEYS, type RecoveredKey } from './key-recovery.js';
export { crc32Ieee, fnv1a32 } from './checksums.js';
export {
  buildTrailer, decodeRblFile, decodeRblHeader, encodeRblFile, encodeRblHeader, isRblHeader, verifyTrailer,
  RBL_HEADER_SIZE, TUYA_OTA_AES_IV, TUYA_OTA_AES_KEY, type RblFile, type RblHeader,
} from './rbl.js';
export { decodeUg, encodeUg, isUg, type UgFile } from './ug.js';
export { decodeFalEntry, encodeFalTable, findFalTable, type FalPartition, type FalTable } from './fal.js';
export { checkCrcPartition, decryptCode, TRAILER_PHYS_SIZE, type CrcPartitionCheck } from './partition.js';
export { packCrcPartition, unpackCrcPartition, type PackOptions } from './packager.js';
export { DUMP_ROTATION, rotate, unrotate } from './rotation.js';
export { APP_LOGICAL_BASE, APP_PHYS_SIZE, BOOTLOADER_PHYS_SIZE, LAYOUTS, type BekenFamily, type BekenLayout } from './layouts.js';
export { identifyBootloader, familyOfVersion, type BootloaderIdentity } from './bootloader.js';
export { findAppIdentity, type AppIdentity } from './app-identity.js';
export { readRfCalibration, findRfCalibrations, type RfCalibration } from './rf.js';
export { isArmVectorTable } from './vectors.js';
export { inspectBeken } from './inspect.js';
