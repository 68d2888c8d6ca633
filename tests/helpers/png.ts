import { createCanvas } from '@napi-rs/canvas';

/** A real PNG of one colour, so tests need no image files. */
export function png(width: number, height: number, colour = '#404040'): Buffer {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return canvas.toBuffer('image/png');
}
