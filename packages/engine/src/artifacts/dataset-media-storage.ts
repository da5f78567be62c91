import type { ArtifactStorage } from './artifact-storage.js';

const SIGNATURES: Array<[string, (bytes: Buffer) => boolean]> = [
  ['png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

/**
 * Saves generated images through the artifact storage as `images/<column>/<uuid>.<ext>` and returns the
 * relative path (the original's create-mode media layout). The storage is set once the resume plan has
 * chosen the folder (preview has none: images stay base64); a payload that is not an image is refused.
 * Implements the image column's `ImageMediaStorage`.
 */
export class DatasetMediaStorage {
  /** Where images go; set before generation starts (none in preview). */
  storage: ArtifactStorage | undefined;

  /** Saves one base64 image (data URL or bare) and returns its dataset-relative path; base64 as is without storage. */
  async saveImage(columnName: string, base64: string): Promise<string> {
    // Preview: no dataset folder, the image stays base64 in the cell.
    if (!this.storage) return base64;
    const data = base64.replace(/^data:[^;]+;base64,/, '');
    const bytes = Buffer.from(data, 'base64');
    const format = SIGNATURES.find(([, test]) => test(bytes))?.[0];
    if (!format) throw new Error(`Column '${columnName}': the model returned data that is not a PNG, JPEG, GIF or WebP image.`);
    return this.storage.writeMediaFile(columnName, bytes, format);
  }
}
