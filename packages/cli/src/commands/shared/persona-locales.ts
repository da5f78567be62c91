import { existsSync } from 'node:fs';
import path from 'node:path';
import { PERSON_LOCALES, type PersonLocale } from '@dd/config';
import { personaDatasetsDir } from './home-paths.js';

/** A managed Nemotron-Personas locale: its size and the Hugging Face dataset repo holding it. */
export interface PersonaLocale {
  locale: string;
  /** Approximate size of the original (NGC) download. */
  size: string;
  /** Hugging Face dataset repo (`nvidia/Nemotron-Personas-…`). */
  repo: string;
}

/** Download facts per managed locale (sizes from the original CLI); the locale list itself is `PERSON_LOCALES` of @dd/config. */
const DOWNLOADS: Record<PersonLocale, Omit<PersonaLocale, 'locale'>> = {
  en_US: { size: '1.24 GB', repo: 'nvidia/Nemotron-Personas-USA' },
  en_IN: { size: '2.39 GB', repo: 'nvidia/Nemotron-Personas-India' },
  en_SG: { size: '0.30 GB', repo: 'nvidia/Nemotron-Personas-Singapore' },
  fr_FR: { size: '3.87 GB', repo: 'nvidia/Nemotron-Personas-France' },
  hi_Deva_IN: { size: '4.14 GB', repo: 'nvidia/Nemotron-Personas-India' },
  hi_Latn_IN: { size: '2.7 GB', repo: 'nvidia/Nemotron-Personas-India' },
  ja_JP: { size: '1.69 GB', repo: 'nvidia/Nemotron-Personas-Japan' },
  ko_KR: { size: '2.66 GB', repo: 'nvidia/Nemotron-Personas-Korea' },
  pt_BR: { size: '2.33 GB', repo: 'nvidia/Nemotron-Personas-Brazil' },
};

/** The nine managed locales, in the original's order. */
export const PERSONA_LOCALES: readonly PersonaLocale[] = PERSON_LOCALES.map((locale) => ({ locale, ...DOWNLOADS[locale] }));

/** Path of a locale's dataset file: `<managed assets>/datasets/<locale>.parquet`. */
export function personaDatasetFile(locale: string): string {
  return path.join(personaDatasetsDir(), `${locale}.parquet`);
}

/** The locale entry for user input (case-insensitive), or `undefined`. */
export function findPersonaLocale(input: string): PersonaLocale | undefined {
  return PERSONA_LOCALES.find((entry) => entry.locale.toLowerCase() === input.trim().toLowerCase());
}

/** One row of `agent state persona-datasets`. */
export interface PersonaDatasetState {
  locale: string;
  dataset_name: string;
  size: string;
  installed: boolean;
  path: string;
}

/** Installed state of every managed locale. */
export function personaDatasetStates(): PersonaDatasetState[] {
  return PERSONA_LOCALES.map(({ locale, size }) => ({
    locale,
    dataset_name: `nemotron-personas-dataset-${locale.toLowerCase()}`,
    size,
    installed: existsSync(personaDatasetFile(locale)),
    path: personaDatasetFile(locale),
  }));
}
