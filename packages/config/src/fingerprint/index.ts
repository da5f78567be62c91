export { configFingerprint, canonicalConfigText, type ConfigFingerprint } from './config-fingerprint.js';
export { canonicalJson, pythonAsciiString } from './canonical-json.js';
