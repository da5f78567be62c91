import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MultiModalContextSchema } from '@dd/config';
import { buildMultiModalContext, MultiModalContextError } from './index.js';

const context = (input: object) => MultiModalContextSchema.parse(input);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]).toString('base64');

describe('buildMultiModalContext', () => {
  it('turns URLs, data URIs and raw base64 into canonical blocks', async () => {
    const blocks = await buildMultiModalContext([context({ column_name: 'img' })], { img: ['https://e.com/a.jpg', `data:image/webp;base64,AAAA`, PNG, JPEG] });
    expect(blocks).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://e.com/a.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'AAAA' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: JPEG } },
    ]);
  });

  it('uses the declared format, reads JSON-list strings and honours data_type url', async () => {
    expect(
      await buildMultiModalContext([context({ modality: 'image', column_name: 'c', data_type: 'base64', image_format: 'jpg' })], { c: `["${PNG}"]` }),
    ).toEqual([{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: PNG } }]);
    expect(await buildMultiModalContext([context({ modality: 'video', column_name: 'c', data_type: 'url' })], { c: 'clips/a.mp4' })).toEqual([
      { type: 'video', source: { type: 'url', url: 'clips/a.mp4' } },
    ]);
    expect(await buildMultiModalContext([context({ modality: 'audio', column_name: 'c', audio_format: 'wav' })], { c: 'UklGRg==' })).toEqual([
      { type: 'audio', source: { type: 'base64', media_type: 'audio/wav', data: 'UklGRg==' } },
    ]);
  });

  it('loads dataset-relative image files and rejects unusable values', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mm-'));
    await mkdir(path.join(dir, 'images'));
    await writeFile(path.join(dir, 'images', 'a.png'), Buffer.from(PNG, 'base64'));
    expect(await buildMultiModalContext([context({ column_name: 'c' })], { c: 'images/a.png' }, dir)).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
    const unknownFormat = await buildMultiModalContext([context({ column_name: 'c' })], { c: 'AAAAAAAA' }).catch((error: unknown) => error);
    expect(MultiModalContextError.isInstance(unknownFormat)).toBe(true);
    await expect(buildMultiModalContext([context({ modality: 'audio', column_name: 'c' })], { c: 'sounds/a.mp3' })).rejects.toThrow('looks like a local path');
    await expect(buildMultiModalContext([context({ modality: 'audio', column_name: 'c' })], { c: 'UklGRg==' })).rejects.toThrow(
      'Could not determine the audio format',
    );
  });
});
