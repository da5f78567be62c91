import type { ProcessorConfig } from '@dd/config';
import { NamedRegistry } from '../registries/index.js';
import { createDropColumnsProcessor } from './drop-columns-processor.js';
import type { Processor, ProcessorFactory } from './processor.js';
import { createSchemaTransformProcessor } from './schema-transform-processor.js';

const BUILTIN_PROCESSORS: ReadonlyArray<[string, ProcessorFactory]> = [
  ['drop_columns', createDropColumnsProcessor],
  ['schema_transform', createSchemaTransformProcessor],
];

/** The registered processors (the engine's generic named registry), seeded with the built-ins. */
const registry = new NamedRegistry<ProcessorFactory>({ key: 'processorRegistry', registerFunction: 'registerProcessor', builtins: BUILTIN_PROCESSORS });

/** Registers (or replaces) the implementation of a `processor_type`; how plugins add processors. */
export function registerProcessor(processorType: string, factory: ProcessorFactory): void {
  registry.register(processorType, factory);
}

/** The factory registered for `processorType`, or undefined. */
export function resolveProcessorFactory(processorType: string): ProcessorFactory | undefined {
  return registry.get(processorType);
}

/** Every registered `processor_type`, sorted. */
export function registeredProcessorTypes(): string[] {
  return registry.names();
}

/** Forgets plugin registrations and restores the built-ins (for tests). */
export function resetProcessorRegistry(): void {
  registry.reset();
}

/** Builds the processor of one config; throws when no implementation is registered for its type. */
export function createProcessor(config: ProcessorConfig): Processor {
  const factory = resolveProcessorFactory(config.processor_type);
  if (!factory) {
    throw new TypeError(
      `Processor '${config.name}' has processor_type '${config.processor_type}', for which no implementation is registered (registered: ${registeredProcessorTypes().join(', ')}).`,
    );
  }
  return factory(config);
}
