import type { Inline } from '../../src/model/document.ts';
import { inlineText } from '../../src/model/segments.ts';

/** The face a text is set in (large print sets emphasis bold, so it never asks for italics there). */
export interface Face {
  bold: boolean;
  italic: boolean;
}

export const REGULAR: Face = { bold: false, italic: false };
export const BOLD: Face = { bold: true, italic: false };

/** A stretch of printed text in one face. */
export interface PrintedRun {
  text: string;
  face: Face;
}

/** The address a printed link shows after its text (paper cannot be clicked), or null when its text is the address. */
export function shownUrl(node: Extract<Inline, { type: 'link' }>): string | null {
  const label = inlineText(node.children).trim();
  const address = node.url.replace(/^mailto:/, '');
  return label === node.url || label === address ? null : address;
}

/**
 * What inline nodes print, run by run in their faces, as renderInlines sets
 * them: emphasis in italics (bold where the format has no italics), links
 * with their address, line breaks as `\n`.
 */
export function printedRuns(nodes: Inline[], face: Face, italics: boolean): PrintedRun[] {
  return nodes.flatMap((node): PrintedRun[] => {
    switch (node.type) {
      case 'text':
        return [{ text: node.value, face }];
      case 'break':
        return [{ text: '\n', face }];
      case 'emphasis':
        return printedRuns(node.children, italics ? { ...face, italic: true } : { ...face, bold: true }, italics);
      case 'strong':
        return printedRuns(node.children, { ...face, bold: true }, italics);
      case 'link': {
        const url = shownUrl(node);
        return [...printedRuns(node.children, face, italics), ...(url === null ? [] : [{ text: ` (${url})`, face }])];
      }
    }
  });
}
