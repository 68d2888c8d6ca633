import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Image, Root } from 'mdast';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import type { Transformer } from 'unified';
import type { VFile } from 'vfile';
import { imageProblem } from '../files/image.ts';
import { holdsBlocks, reportAt, standaloneImage } from './nodes.ts';

declare module 'mdast' {
  interface ImageData {
    /** Set by loadImages on an image that can be shown: its absolute path and bytes. */
    imageFile?: { path: string; data: Uint8Array };
  }
}

export interface ImageOptions {
  topicPath: string;
  contentDir: string;
}

/**
 * Transformer that checks every image standing in a paragraph of its own and reads
 * its file, so conversion needs no file access. An image without `data.imageFile`
 * is shown as its alt text.
 */
export function loadImages(options: ImageOptions): Transformer<Root> {
  return async (tree: Root, file: VFile): Promise<void> => {
    const images: Image[] = [];
    visit(tree, (node) => {
      if (node.type !== 'paragraph') return holdsBlocks(node) ? CONTINUE : SKIP;
      const image = standaloneImage(node);
      if (image) images.push(image);
      return SKIP;
    });
    await Promise.all(images.map((image) => loadImage(image, file, options)));
  };
}

async function loadImage(node: Image, file: VFile, { topicPath, contentDir }: ImageOptions): Promise<void> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(node.url)) {
    reportAt(file, node, 'warning', `Remote images are never fetched: ${node.url}; its alt text is shown instead. Save the image under content/ and link it by a relative path`, 'remote-image');
    return;
  }
  if (!(node.alt ?? '').trim()) reportAt(file, node, 'warning', 'Image has no alt text: describe it for readers who cannot see it', 'image-alt-missing');
  const imagePath = path.resolve(path.dirname(topicPath), decodeURIComponent(node.url));
  const relative = path.relative(contentDir, imagePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    reportAt(file, node, 'error', `Image path ${node.url} leaves the content folder; images must be stored under content/`, 'image-path');
    return;
  }
  if (!/\.(png|jpe?g)$/i.test(imagePath)) {
    reportAt(file, node, 'error', `Image ${node.url} is not PNG or JPEG`, 'image-format');
    return;
  }
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(imagePath));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') reportAt(file, node, 'error', `Image file not found: ${node.url}`, 'image-missing');
    else reportAt(file, node, 'error', `Image ${node.url} cannot be read: ${message}`, 'image-unreadable');
    return;
  }
  const problem = imageProblem(data);
  if (problem) {
    reportAt(file, node, 'error', `Image ${node.url} ${problem}`, 'image-corrupt');
    return;
  }
  node.data = { ...node.data, imageFile: { path: imagePath, data } };
}
