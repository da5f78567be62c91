export * from './constraint-config.js';
