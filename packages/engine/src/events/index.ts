export type { GenerationEvent, ColumnProgress } from './generation-event.js';
