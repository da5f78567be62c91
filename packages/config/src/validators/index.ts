export * from './validator-params.js';
