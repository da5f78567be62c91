import { processGlobalMap } from '../registries/index.js';
import { createDropColumnsProcessor } from './drop-columns-processor.js';
import type { Processor, ProcessorConfigLike, ProcessorFactory } from './processor.js';
import { createSchemaTransformProcessor } from './schema-transform-processor.js';

const BUILTIN_PROCESSORS: ReadonlyArray<[string, ProcessorFactory]> = [
  ['drop_columns', createDropColumnsProcessor],
  ['schema_transform', createSchemaTransformProcessor],
];

/** The process-global map, seeded with the built-ins. */
const registry = () => processGlobalMap<ProcessorFactory>('processorRegistry', BUILTIN_PROCESSORS);

/** Registers (or replaces) the implementation of a `processor_type`; how plugins add processors. */
export function registerProcessor(processorType: string, factory: ProcessorFactory): void {
  if (typeof processorType !== 'string' || processorType === '') throw new TypeError('registerProcessor: processorType must be a non-empty string.');
  if (typeof factory !== 'function') throw new TypeError(`registerProcessor('${processorType}'): expected a factory function.`);
  registry().set(processorType, factory);
}

/** The factory registered for `processorType`, or undefined. */
export function resolveProcessorFactory(processorType: string): ProcessorFactory | undefined {
  return registry().get(processorType);
}

/** Every registered `processor_type`, sorted. */
export function registeredProcessorTypes(): string[] {
  return [...registry().keys()].sort();
}

/** Forgets plugin registrations and restores the built-ins (for tests). */
export function resetProcessorRegistry(): void {
  const map = registry();
  map.clear();
  for (const [type, factory] of BUILTIN_PROCESSORS) map.set(type, factory);
}

/** Builds the processor of one config; throws when no implementation is registered for its type. */
export function createProcessor(config: ProcessorConfigLike): Processor {
  const factory = resolveProcessorFactory(config.processor_type);
  if (!factory) {
    throw new TypeError(
      `Processor '${config.name}' has processor_type '${config.processor_type}', for which no implementation is registered (registered: ${registeredProcessorTypes().join(', ')}).`,
    );
  }
  return factory(config);
}
