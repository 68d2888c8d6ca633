import type { VFile } from 'vfile';
import type { EditionSpec, Paper } from '../model/edition.ts';
import type { WrittenEdition } from './write.ts';
import type { TranslationSummary } from '../model/edition.ts';
import type { ReadabilityReport } from '../readability/index.ts';
import type { TargetResult } from '../readability/targets.ts';
import type { InputRecord } from './inputs.ts';

export interface Selection {
  topics?: string[];
  languages?: string[];
  levels?: string[];
  formats?: string[];
  paper?: Paper;
  /** Clinic id whose branding the editions carry; default: the first configured clinic. */
  clinic?: string;
  /** Build editions with missing or stale translations, each page marked DRAFT. */
  draft?: boolean;
}

export interface EditionOutcome {
  spec: EditionSpec;
  /** Set when the edition was written, or is up to date. */
  entry?: ManifestEntry;
  /** The PDF on disk already had this content hash and bytes: not rendered again. */
  unchanged?: boolean;
  /** Unchanged, and none of the topic's input files changed either: the topic was not even read. */
  reused?: boolean;
  /** Render time and memory of the thread that rendered it. */
  stats?: WrittenEdition['stats'];
  /** Why the edition was not written. */
  error?: string;
}

export interface RunResult {
  files: VFile[];
  editions: EditionOutcome[];
  /** Errors that stop the whole run (bad selection). */
  ok: boolean;
}


export interface ManifestEntry {
  path: string;
  topic: string;
  language: string;
  level: string;
  format: string;
  paper: Paper;
  /** The edition's title, as plain text in its language: the online edition's index pages list it. */
  title: string;
  version: string;
  contentHash: string;
  /** Pages of a PDF; null for an HTML edition. */
  pages: number | null;
  bytes: number;
  sha256: string;
  translation: TranslationSummary;
  readability: ReadabilityReport;
  targets: TargetResult[];
  warnings: string[];
  /** What rendering had to do, e.g. a smaller body size to fit a tri-fold. */
  notes: string[];
  inputs: InputRecord;
}

