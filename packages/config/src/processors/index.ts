export * from './processor-configs.js';
