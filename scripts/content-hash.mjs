// Shared by the build scripts: the first line of a bundle the packages' bundle loader runs with a V8
// code cache, `/* dd-content-hash: <hex> */`, a hash of the rest of the file. The loader keys its cache
// on it (V8 itself checks only a cached source's length, and npm installs files with one fixed mtime).
import { createHash } from 'node:crypto';

/** `code` with its content-hash line in front. */
export function withContentHash(code) {
  return `/* dd-content-hash: ${createHash('sha256').update(code).digest('hex').slice(0, 40)} */\n${code}`;
}
