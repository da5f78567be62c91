export * from './seed-sources.js';
export * from './selection-strategy.js';
export * from './arrow-table-rows.js';
