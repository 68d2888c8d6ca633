import { createInflate } from 'node:zlib';
import JPEG from 'jay-peg';
import PNG from 'png-js';

/**
 * Pixels an image may have: 25 megapixels is 16 × 16 inches at 300 pixels per
 * inch, more than any page needs. React-PDF decodes every pixel (a 1.1 MB PNG of
 * 20,000 × 20,000 took 2.5 GB), so the size is read from the header first.
 */
export const MAX_IMAGE_PIXELS = 25_000_000;
/** Bytes an image file may have, checked before it is read: React-PDF holds the whole file (and png-js a copy per byte) in memory. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 interlacing: each pass's first column and row, then its column and row steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Why an image cannot be drawn: it is too large to decode, or it is broken. */
export interface ImageProblem {
  kind: 'too-large' | 'corrupt';
  reason: string;
}

/**
 * Why an image cannot be drawn, or null when it can. React-PDF only logs a
 * broken image and leaves it out, so images are checked here first, with the
 * parsers React-PDF uses, and without ever holding their decoded pixels.
 */
export async function imageProblem(data: Uint8Array): Promise<ImageProblem | null> {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    if (buffer.subarray(0, 8).equals(PNG_SIGNATURE)) return await pngProblem(buffer);
    if (buffer.length > 2 && buffer.readUInt16BE(0) === 0xffd8) {
      const markers = JPEG.decode(buffer) as { name: string; width?: number; height?: number }[];
      const frame = markers.find((marker) => marker.name === 'SOF');
      if (!frame) return corrupt('is a JPEG without image data');
      return pixelProblem(frame.width ?? 0, frame.height ?? 0);
    }
    return corrupt('is neither PNG nor JPEG');
  } catch (error) {
    return corrupt(`cannot be decoded (${(error as Error).message})`);
  }
}

const corrupt = (reason: string): ImageProblem => ({ kind: 'corrupt', reason });

async function pngProblem(buffer: Buffer): Promise<ImageProblem | null> {
  // IHDR is the first chunk (width, height, bit depth, colour type, …, interlacing): read before png-js copies the file.
  if (buffer.length < 33 || buffer.toString('latin1', 12, 16) !== 'IHDR') return corrupt('is a PNG without a header');
  const [width, height, bitDepth, colourType, interlaced] = [buffer.readUInt32BE(16), buffer.readUInt32BE(20), buffer[24]!, buffer[25]!, buffer[28] === 1];
  const oversized = pixelProblem(width, height);
  if (oversized) return oversized;
  const channels = PNG_CHANNELS[colourType];
  if (channels === undefined) return corrupt(`is a PNG of an unknown colour type (${colourType})`);
  const expected = pixelDataBytes(width, height, channels * bitDepth, interlaced);
  const inflated = await inflatedBytes(new PNG(buffer).imgData, expected);
  // Short pixel data is drawn as a partly blank image without a word.
  if (inflated < expected) return corrupt(`is truncated: it has ${inflated} of the ${expected} bytes of pixel data its size needs`);
  return null;
}

function pixelProblem(width: number, height: number): ImageProblem | null {
  if (!width || !height) return corrupt('has no size (0 pixels wide or high)');
  if (width * height <= MAX_IMAGE_PIXELS) return null;
  return {
    kind: 'too-large',
    reason: `is ${width.toLocaleString('en')} × ${height.toLocaleString('en')} pixels (${(width * height / 1e6).toFixed(1)} megapixels); at most ${MAX_IMAGE_PIXELS / 1e6} megapixels: scale it down (300 pixels per inch of its printed size is plenty)`,
  };
}

/** Bytes of a PNG's filtered pixel data: each row has a filter byte, then its pixels packed to whole bytes. */
function pixelDataBytes(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (columns: number, count: number) => (columns && count ? count * (1 + Math.ceil((columns * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  return ADAM7.reduce((sum, [x, y, dx, dy]) => sum + rows(Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)), 0);
}

/** How many bytes the zlib data inflates to, reading no further than `limit`: the data is checked, never held. */
async function inflatedBytes(compressed: Uint8Array, limit: number): Promise<number> {
  const inflate = createInflate();
  inflate.end(compressed);
  let total = 0;
  for await (const chunk of inflate) {
    total += (chunk as Buffer).length;
    if (total >= limit) {
      inflate.destroy();
      break;
    }
  }
  return total;
}
