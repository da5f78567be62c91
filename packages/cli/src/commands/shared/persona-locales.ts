import { existsSync } from 'node:fs';
import path from 'node:path';
import { personaDatasetsDir } from './home-paths.js';

/** A managed Nemotron-Personas locale: its size and the Hugging Face dataset repo holding it. */
export interface PersonaLocale {
  locale: string;
  /** Approximate size of the original (NGC) download. */
  size: string;
  /** Hugging Face dataset repo (`nvidia/Nemotron-Personas-…`). */
  repo: string;
}

/** The nine managed locales, in the original's order (sizes from the original CLI). */
export const PERSONA_LOCALES: readonly PersonaLocale[] = [
  { locale: 'en_US', size: '1.24 GB', repo: 'nvidia/Nemotron-Personas-USA' },
  { locale: 'en_IN', size: '2.39 GB', repo: 'nvidia/Nemotron-Personas-India' },
  { locale: 'en_SG', size: '0.30 GB', repo: 'nvidia/Nemotron-Personas-Singapore' },
  { locale: 'fr_FR', size: '3.87 GB', repo: 'nvidia/Nemotron-Personas-France' },
  { locale: 'hi_Deva_IN', size: '4.14 GB', repo: 'nvidia/Nemotron-Personas-India' },
  { locale: 'hi_Latn_IN', size: '2.7 GB', repo: 'nvidia/Nemotron-Personas-India' },
  { locale: 'ja_JP', size: '1.69 GB', repo: 'nvidia/Nemotron-Personas-Japan' },
  { locale: 'ko_KR', size: '2.66 GB', repo: 'nvidia/Nemotron-Personas-Korea' },
  { locale: 'pt_BR', size: '2.33 GB', repo: 'nvidia/Nemotron-Personas-Brazil' },
];

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
