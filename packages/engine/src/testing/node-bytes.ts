/**
 * Bytes as Node holds them: Node's `Buffer` type where the consumer loads Node's types
 * (`@types/node`), else `Uint8Array` (a `Buffer` is one). Keeps published signatures free of a
 * hard `@types/node` requirement without taking `Buffer` methods from those who have Node's types.
 */
export type NodeBytes = typeof globalThis extends { Buffer: { isBuffer(value: unknown): value is infer Bytes } } ? Bytes : Uint8Array;
