import { inflateSync } from 'node:zlib';

/** A decoded 8-bit PNG: width, height, channels per pixel and unfiltered pixel bytes (test helper). */
export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Decodes a non-interlaced 8-bit grey/RGB/RGBA PNG (what Chromium's screenshots are) with node:zlib. */
export function decodePng(data: Uint8Array): DecodedPng {
  if (!SIGNATURE.every((byte, index) => data[index] === byte)) throw new Error('not a PNG file');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  while (offset < data.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...data.subarray(offset + 4, offset + 8));
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const bitDepth = body[8];
      const colorType = body[9] ?? -1;
      const colorChannels = CHANNELS[colorType];
      if (bitDepth !== 8 || body[12] !== 0 || colorChannels === undefined) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, color type ${colorType}, interlace ${body[12]}`);
      }
      channels = colorChannels;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let row = 0; row < height; row += 1) {
    const filter = raw[row * (stride + 1)];
    const source = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const out = pixels.subarray(row * stride, (row + 1) * stride);
    const previous = row > 0 ? pixels.subarray((row - 1) * stride, row * stride) : new Uint8Array(stride);
    for (let index = 0; index < stride; index += 1) {
      const left = index >= channels ? (out[index - channels] ?? 0) : 0;
      const up = previous[index] ?? 0;
      const upLeft = index >= channels ? (previous[index - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? -1];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} on row ${row}`);
      out[index] = ((source[index] ?? 0) + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** Variance of pixel luminance and the number of distinct RGB colours (a blank page has variance 0). */
export function pixelStatistics(png: DecodedPng): { variance: number; distinctColors: number; nonBackgroundShare: number } {
  const count = png.width * png.height;
  const luminance = new Float64Array(count);
  const colors = new Set<number>();
  for (let pixel = 0; pixel < count; pixel += 1) {
    const base = pixel * png.channels;
    const red = png.pixels[base] ?? 0;
    const green = png.channels >= 3 ? (png.pixels[base + 1] ?? 0) : red;
    const blue = png.channels >= 3 ? (png.pixels[base + 2] ?? 0) : red;
    luminance[pixel] = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
    colors.add((red << 16) | (green << 8) | blue);
  }
  const mean = luminance.reduce((sum, value) => sum + value, 0) / count;
  const variance = luminance.reduce((sum, value) => sum + (value - mean) ** 2, 0) / count;
  const background = luminance[0] ?? 0;
  const nonBackground = luminance.reduce((sum, value) => sum + (Math.abs(value - background) > 8 ? 1 : 0), 0);
  return { variance, distinctColors: colors.size, nonBackgroundShare: nonBackground / count };
}
