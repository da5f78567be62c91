export * from './run-config.js';
