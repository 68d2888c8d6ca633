import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Image, Root } from 'mdast';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import type { Transformer } from 'unified';
import type { VFile } from 'vfile';
import { imageProblem, MAX_IMAGE_BYTES } from '../files/image.ts';
import { locateInside } from '../files/inside.ts';
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
  let decoded: string;
  try {
    decoded = decodeURIComponent(node.url);
  } catch {
    reportAt(file, node, 'error', `Image path ${node.url} has a % that does not start an escape such as %20; write a % sign as %25`, 'image-path');
    return;
  }
  const imagePath = path.resolve(path.dirname(topicPath), decoded);
  const relative = path.relative(contentDir, imagePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    reportAt(file, node, 'error', `Image path ${node.url} leaves the content folder; images must be stored under content/`, 'image-path');
    return;
  }
  if (!/\.(png|jpe?g)$/i.test(imagePath)) {
    reportAt(file, node, 'error', `Image ${node.url} is not PNG or JPEG`, 'image-format');
    return;
  }
  // Reading follows links: a linked image is read only when its real path is under content/ too.
  const located = await locateInside(imagePath, contentDir);
  if (!located.found) {
    if (located.problem === 'missing') reportAt(file, node, 'error', `Image file not found: ${node.url}`, 'image-missing');
    else if (located.problem === 'outside') reportAt(file, node, 'error', `Image ${node.url} is a link to ${located.realPath}, outside the content folder; copy the image under content/`, 'image-path');
    else if (located.problem === 'not-a-file') reportAt(file, node, 'error', `Image ${node.url} is not a file but a pipe or a device`, 'image-unreadable');
    else reportAt(file, node, 'error', `Image ${node.url} cannot be read: ${located.message}`, 'image-unreadable');
    return;
  }
  if (located.bytes > MAX_IMAGE_BYTES) {
    reportAt(file, node, 'error', `Image ${node.url} is ${(located.bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB: save it smaller`, 'image-too-large');
    return;
  }
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(located.realPath));
  } catch (error) {
    reportAt(file, node, 'error', `Image ${node.url} cannot be read: ${(error as Error).message}`, 'image-unreadable');
    return;
  }
  const problem = await imageProblem(data);
  if (problem) {
    reportAt(file, node, 'error', `Image ${node.url} ${problem.reason}`, problem.kind === 'too-large' ? 'image-too-large' : 'image-corrupt');
    return;
  }
  node.data = { ...node.data, imageFile: { path: imagePath, data } };
}
