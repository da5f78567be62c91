import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Faker } from '@faker-js/faker';
import { enginePackageRoot } from '../package-files/package-root.js';

/** Which faker-js data a Faker is built from: one locale module, or a chain of `allLocales` keys. */
export type FakerSource = { readonly module: string; readonly chain?: undefined } | { readonly module?: undefined; readonly chain: readonly string[] };

/** One batch of faker draws: the seed, each person's sex (1 = female) and whether to draw a phone number (1 = yes). */
export interface FakerFieldsRequest {
  readonly seed: number;
  readonly female: Uint8Array;
  /** Draw each person's city from faker (no `city` filter). */
  readonly cityFromFaker: boolean;
  readonly phone: Uint8Array;
}

/** The faker-drawn fields of a batch, one array per field (null where the locale lacks the data). */
export interface FakerFields {
  readonly city: (string | null)[] | null;
  readonly uuid: string[];
  readonly firstName: (string | null)[];
  readonly lastName: (string | null)[];
  readonly buildingNumber: (string | null)[];
  readonly street: (string | null)[];
  readonly state: (string | null)[];
  readonly zipCode: (string | null)[];
  readonly country: (string | null)[];
  readonly jobTitle: (string | null)[];
  readonly phone: (string | null)[];
}

/** The exports of `workers/faker-fields.mjs`. */
interface FakerFieldsModule {
  loadFaker(source: FakerSource): Promise<Faker>;
  drawFakerFields(faker: Faker, request: FakerFieldsRequest): FakerFields;
}

/** Path of the module shared by this thread and the worker (plain JavaScript beside the package code). */
export function fakerFieldsModuleFile(): string {
  return path.join(enginePackageRoot(), 'workers', 'faker-fields.mjs');
}

let inlineModule: Promise<FakerFieldsModule> | undefined;

/** Draws a batch's faker fields on this thread. */
export async function drawFakerFieldsInline(source: FakerSource, request: FakerFieldsRequest): Promise<FakerFields> {
  inlineModule ??= import(pathToFileURL(fakerFieldsModuleFile()).href) as Promise<FakerFieldsModule>;
  const module = await inlineModule;
  const faker = await module.loadFaker(source);
  return module.drawFakerFields(faker, request);
}
