export type {
  Row,
  GenerationContext,
  ColumnGeneratorBase,
  CellColumnGenerator,
  BatchColumnGenerator,
  ColumnGenerator,
} from './column-generator.js';
