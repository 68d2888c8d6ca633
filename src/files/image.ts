import { inflateSync } from 'node:zlib';
import JPEG from 'jay-peg';
import PNG from 'png-js';

/**
 * Why an image cannot be drawn, or null when it can. React-PDF only logs a
 * broken image and leaves it out, so images are decoded here first, with the
 * decoders React-PDF uses.
 */
export function imageProblem(data: Uint8Array): string | null {
  const buffer = Buffer.from(data);
  try {
    if (buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      const png = new PNG(buffer);
      if (!png.width || !png.height) return 'is a PNG without a size';
      inflateSync(png.imgData);
      return null;
    }
    if (buffer.length > 2 && buffer.readUInt16BE(0) === 0xffd8) {
      return JPEG.decode(buffer).some((marker) => marker.name === 'SOF') ? null : 'is a JPEG without image data';
    }
    return 'is neither PNG nor JPEG';
  } catch (error) {
    return `cannot be decoded (${(error as Error).message})`;
  }
}
