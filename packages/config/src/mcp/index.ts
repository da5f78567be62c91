export * from './tool-config.js';
