import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Color from 'colorjs.io';
import { XMLValidator } from 'fast-xml-parser';
import QRCode from 'qrcode';
import type { VFile } from 'vfile';
import type { ClinicConfig } from '../config/index.ts';
import { report, type Place } from '../messages/index.ts';
import { imageProblem, MAX_IMAGE_BYTES } from '../files/image.ts';
import { locateInside } from '../files/inside.ts';
import type { Clinic, Logo, OnlineEdition } from '../model/edition.ts';

export type { Clinic, OnlineEdition };


/** WCAG 2.1 AA for normal text: the brand colour is text on white and the background of white text. */
const MIN_CONTRAST = 4.5;
const PAGE_WHITE = '#ffffff';

/** Reads every clinic's logo and checks its brand colour; problems are reported on the config file. */
export async function loadClinics(root: string, clinics: Record<string, ClinicConfig>, file: VFile, place: (keyPath: string[]) => Place): Promise<Map<string, Clinic>> {
  const loaded = new Map<string, Clinic>();
  for (const [id, config] of Object.entries(clinics)) {
    const at = (...keys: string[]) => place(['clinics', id, ...keys]);
    let brandColor = config.brandColor;
    try {
      const color = new Color(config.brandColor);
      const ratio = color.contrast(PAGE_WHITE, 'WCAG21');
      if (ratio < MIN_CONTRAST) {
        report(file, 'error', `clinic ${id}: brandColor ${config.brandColor} has a contrast of ${ratio.toFixed(2)}:1 with white, below ${MIN_CONTRAST}:1; choose a darker colour`, 'brand-contrast', at('brandColor'));
      }
      brandColor = color.to('srgb').toString({ format: 'hex' });
    } catch {
      report(file, 'error', `clinic ${id}: brandColor "${config.brandColor}" is not a colour (use e.g. "#1d4e89")`, 'brand-colour', at('brandColor'));
    }
    let logo: Logo | null = null;
    if (config.logo) {
      const result = await readLogo(root, config.logo);
      if (typeof result === 'string') report(file, 'error', `clinic ${id}: logo ${config.logo} ${result}`, 'logo', at('logo'));
      else logo = result;
    }
    loaded.set(id, {
      id,
      name: config.name,
      phone: config.phone ?? null,
      address: config.address ?? null,
      website: config.website ?? null,
      logo,
      brandColor,
      onlineUrl: config.onlineUrl ?? null,
    });
  }
  return loaded;
}

/** The logo's bytes, or why they cannot be used. */
async function readLogo(root: string, relative: string): Promise<Logo | string> {
  const absolute = path.resolve(root, relative);
  if (path.relative(root, absolute).startsWith('..')) return 'is outside the project folder';
  // Reading follows links: a linked logo is read only when its real path is inside the project too.
  const located = await locateInside(absolute, root);
  if (located.found === false) {
    if (located.problem === 'outside') return `is a link to ${located.realPath}, outside the project folder`;
    return located.problem === 'not-a-file' ? 'is not a file but a pipe or a device' : 'cannot be read';
  }
  if (located.bytes > MAX_IMAGE_BYTES) return `is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`;
  let data: Buffer;
  try {
    data = await readFile(located.realPath);
  } catch {
    return 'cannot be read';
  }
  if (/\.svg$/i.test(relative)) {
    const text = data.toString('utf8');
    // No DTDs: entity expansion is a denial-of-service risk and React-PDF's SVG parser ignores them anyway.
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'has a DOCTYPE or entities, which are not allowed';
    const valid = XMLValidator.validate(text);
    if (valid !== true) return `is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`;
    if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(text)) return 'is not an SVG image (its root element must be <svg>)';
    return { data, format: 'svg', file: absolute };
  }
  const problem = await imageProblem(data);
  if (problem) return problem.reason;
  if (data[0] !== 0x89) return 'must be PNG or SVG';
  return { data, format: 'png', file: absolute };
}

/** The address of an edition's online version, when the clinic has an address pattern. */
export function onlineAddress(clinic: Clinic, edition: { topic: string; language: string; level: string; format: string }): string | null {
  if (!clinic.onlineUrl) return null;
  return clinic.onlineUrl.replace(/\{(topic|language|level|format)\}/g, (_, key: keyof typeof edition) => encodeURIComponent(edition[key]));
}

/** An online edition's address with its QR code. */
export function onlineEdition(url: string): OnlineEdition {
  // Medium error correction survives a fold or a smudge on paper.
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  // One rectangle per run of dark modules in a row: fewer path segments for React-PDF to parse and draw on every page it is on.
  const runs: string[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (!modules.get(row, column)) continue;
      const start = column;
      while (column + 1 < modules.size && modules.get(row, column + 1)) column += 1;
      const length = column - start + 1;
      runs.push(`M${start} ${row}h${length}v1h-${length}z`);
    }
  }
  return { url, qr: { size: modules.size, path: runs.join('') } };
}
