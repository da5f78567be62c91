export * from './seed-sources.js';
export * from './selection-strategy.js';
