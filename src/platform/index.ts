/**
 * The one platform module: everything below the faces takes hashing, AES, gzip and CRC-32 from here.
 * In Node this is node:crypto/node:zlib; the browser bundle resolves ./node.js to ./browser.js
 * (package.json "browser" field for bundlers of the library, the web build's own alias for the page).
 */
export { platform } from './node.js';
export type { CipherDirection, Platform } from './api.js';
