import { defineErrorClass } from '@dd/config';

/** A seed source cannot be opened or read (missing file, unknown format, undecodable text, no rows). */
export class SeedReaderError extends defineErrorClass('SeedReaderError') {}

/** The seed config asks for rows the dataset does not have (selection out of bounds, unknown column). */
export class SeedDatasetError extends defineErrorClass('SeedDatasetError') {}
