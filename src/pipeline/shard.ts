import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { formatNamed } from '../formats/index.ts';
import type { EditionSpec } from '../model/edition.ts';

/** One of `count` shares of a build's planned editions; `index` counts from 1. */
export interface Shard {
  index: number;
  count: number;
}

/** More shards than this would each get too few editions to be worth starting a machine for. */
export const MAX_SHARDS = 1000;

/** A `--shard` value that is not `i/n`. */
export class ShardError extends Error {}

/** Reads `i/n` as written on the command line or in a scheduler's template. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ShardError(`"${text}" is not a shard: expected i/n, this machine's share i of n shares, such as 2/4`);
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || count > MAX_SHARDS) throw new ShardError(`"${text}": the number of shares must be from 1 to ${MAX_SHARDS}`);
  if (index < 1 || index > count) throw new ShardError(`"${text}": the share must be from 1 to ${count} (shares count from 1)`);
  return { index, count };
}

/** `shard-2-of-4`: how the shard's files in output/ are named. */
export function shardName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`;
}

export interface CostedEdition {
  /** The edition's path under output/, which names it on every machine. */
  key: string;
  cost: number;
}

/**
 * Splits editions into `count` shares of about equal cost: the costliest
 * first, each to the share with the least cost so far (longest processing
 * time first; the largest share is at most the mean plus one edition's cost).
 * Equal costs go by key and equal shares by number, so every machine that
 * plans the same editions gets the same split. Returns each key's share,
 * from 1.
 */
export function splitByCost(editions: readonly CostedEdition[], count: number): Map<string, number> {
  const ordered = [...editions].sort((a, b) => b.cost - a.cost || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads = new Array<number>(count).fill(0);
  const shares = new Map<string, number>();
  for (const edition of ordered) {
    let lightest = 0;
    for (let share = 1; share < count; share++) if (loads[share]! < loads[lightest]!) lightest = share;
    loads[lightest]! += edition.cost;
    shares.set(edition.key, lightest + 1);
  }
  return shares;
}

/** Scripts whose shaping and glyph subsetting make an edition slower to render than one in Latin letters. */
const SCRIPT_COST: Record<string, number> = { Hans: 1.5, Hant: 1.5, Hani: 1.5, Jpan: 1.5, Kore: 1.5, Arab: 1.15 };
/** What every edition costs besides its text (fonts, header, footer, QR code), in bytes of Markdown. */
const EDITION_BASE_BYTES = 2048;

/**
 * An edition's estimated render time: its topic's length, times its script's
 * and its format's cost. The length is counted in whole KiB so that an edit
 * of a few words does not move editions between shards.
 */
export function editionCost(spec: EditionSpec, topicBytes: number): number {
  const script = scriptOf(spec.language);
  const kib = Math.ceil((EDITION_BASE_BYTES + topicBytes) / 1024);
  return kib * (SCRIPT_COST[script] ?? 1) * formatNamed(spec.format).renderCost;
}

/** The script a language is most likely written in (ICU's likely subtags); '' for a tag ICU cannot read, which the config's pattern lets through. */
function scriptOf(language: string): string {
  try {
    return new Intl.Locale(language).maximize().script ?? '';
  } catch {
    return '';
  }
}

/** A topic's length in bytes, the same whatever line endings a checkout gave it; 0 when it cannot be read (reading it reports why). */
export async function topicBytes(file: string): Promise<number> {
  try {
    return (await readFile(file)).filter((byte) => byte !== 0x0d).length;
  } catch {
    return 0;
  }
}

/** Names the whole plan, costs and options included: shards of one build have the same, whichever their share. */
export function planDigest(editions: readonly CostedEdition[], options: object): string {
  const hash = createHash('sha256').update(`${JSON.stringify(options)}\n`);
  for (const { key, cost } of [...editions].sort((a, b) => (a.key < b.key ? -1 : 1))) hash.update(`${key}\0${cost}\n`);
  return hash.digest('hex');
}
