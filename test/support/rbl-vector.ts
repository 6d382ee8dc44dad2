import { fromHex } from './bytes.js';

/** The synthetic OTA test vector of beken-formats.md §6.8: its plain payload and the RBL file made from it. */
export const RBL_VECTOR_RAW = new TextEncoder().encode('Beken RBL test vector payload\n'.repeat(4));

export const RBL_VECTOR_FILE = fromHex(`
52424c00 02010000 00f15365 61707000 00000000 00000000 00000000 312e302e 30000000 00000000
00000000 00000000 00000000 30303030 30303030 30303030 30303030 30303030 30303000 7dc5e26a
0d9d84bd 78000000 40000000 034742db
f3c66e116aa30c0299546bc7304d0a0223d6c630ebdd277c5f0b6d939a4c783b1d1a5b59f8f136624daabe2cbbc9c5ef0c2a13d7661cfbcbf7d2dd249ad8ab68`);
