import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import { editionPath, formatNamed, prepareEdition, previewPath, renderPool, renderPreview, type EditionSpec, type ManifestEntry, type PreparedEdition, type Project, type RenderPool } from '../index.ts';
import type { LanguageLevel, TopicCatalog } from './catalog.ts';

/** An edition as staff ask for it; the clinic by id (the default clinic's editions keep output/'s short paths). */
export interface EditionRequest {
  topic: string;
  language: string;
  level: string;
  format: string;
  paper: 'letter' | 'a4';
  clinic: string;
}

/** What an edition is, worked out once per request shape: enough to find or make its file. */
export interface EditionFacts {
  spec: EditionSpec;
  version: string;
  contentHash: string;
  /** The clinic's online address of this edition; null when the clinic has none. */
  onlineUrl: string | null;
  fileName: string;
  contentType: string;
  /** The email that carries it, in its language. */
  email: PreparedEdition['email'];
}

export interface EditionFile {
  facts: EditionFacts;
  bytes: Buffer;
  sha256: string;
}

/** The edition must not be given to a patient: a draft, a missing translation, or one that cannot be made. */
export class NotForPatientsError extends Error {
  constructor(readonly edition: LanguageLevel | null, readonly reasons: string[]) {
    super(`not ready for patients: ${reasons.join('; ')}`);
  }
}

/** More editions waiting to be rendered than the queue holds. */
export class BusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many editions being rendered');
  }
}

export interface EditionStoreOptions {
  /** Render workers (default 1: the front desk's machine is small and serves pages too). */
  workers?: number;
  /** Renders that may wait for a worker before requests get 503. */
  queue?: number;
}

/**
 * Serves editions: the build's file in output/ when the manifest lists one
 * with the content hash the edition has now, otherwise one rendered on demand
 * in render workers and kept under var/editions/ by content hash.
 */
export class EditionStore {
  private readonly facts = new Map<string, Promise<EditionFacts>>();
  /** Renders under way, by content hash: concurrent requests for one edition share one render. */
  private readonly rendering = new Map<string, Promise<Buffer>>();
  private readonly previewing = new Map<string, Promise<Buffer>>();
  private readonly workers: number;
  private readonly queue: number;
  private readonly pool: RenderPool;

  constructor(
    private readonly project: Project,
    private readonly catalog: TopicCatalog,
    private readonly manifest: Map<string, ManifestEntry>,
    private readonly varDir: string,
    options: EditionStoreOptions = {},
  ) {
    this.workers = options.workers ?? 1;
    this.queue = options.queue ?? 8;
    // Started now: the workers load React-PDF and the fonts before the first edition is asked for.
    this.pool = renderPool(this.workers);
  }

  /** The spec of a request; its clinic null when it is the default one, as builds name it. */
  spec(request: EditionRequest): EditionSpec {
    const clinic = request.clinic === this.project.clinics.keys().next().value ? null : request.clinic;
    return { topic: request.topic, language: request.language, level: request.level, format: request.format, paper: request.paper, clinic };
  }

  /** What the edition is; throws NotForPatientsError unless its language and level are ready. */
  async describe(request: EditionRequest): Promise<EditionFacts> {
    const edition = this.catalog.edition(request.topic, request.language, request.level);
    if (!edition) throw new NotForPatientsError(null, ['no such topic, language or level']);
    if (edition.state !== 'ready') throw new NotForPatientsError(edition, edition.reasons);
    const formatLevels = this.catalog.formatLevels(request.format);
    if (formatLevels && !formatLevels.includes(request.level)) throw new NotForPatientsError(edition, [`the ${request.format} format is made only at the ${formatLevels.join(', ')} level`]);
    const spec = this.spec(request);
    const key = JSON.stringify(spec);
    let facts = this.facts.get(key);
    if (!facts) {
      facts = this.prepare(spec).then(({ prepared }) => factsOf(prepared));
      this.facts.set(key, facts);
      facts.catch(() => this.facts.delete(key));
    }
    return facts;
  }

  /** The edition's file: from output/ when the build made this very edition, else from the cache or rendered now. */
  async file(request: EditionRequest): Promise<EditionFile> {
    const facts = await this.describe(request);
    const built = await this.builtFile(facts);
    if (built) return { facts, ...built };
    const bytes = await this.rendered(facts);
    return { facts, bytes, sha256: sha256(bytes) };
  }

  /** PNG of the first page: the build's preview of the built file, else made from the PDF and cached. */
  async preview(request: EditionRequest): Promise<Buffer> {
    const facts = await this.describe(request);
    if (formatNamed(facts.spec.format).extension !== 'pdf') throw new NotForPatientsError(null, [`the ${facts.spec.format} format has no pages to preview`]);
    if (await this.builtFile(facts)) {
      const built = await readFile(path.join(this.project.outputDir, previewPath(facts.spec))).catch(() => null);
      if (built) return built;
    }
    const cached = path.join(this.varDir, 'previews', `${facts.contentHash}.png`);
    return this.once(this.previewing, facts.contentHash, cached, async () => renderPreview((await this.file(request)).bytes));
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  private async prepare(spec: EditionSpec): Promise<{ prepared: PreparedEdition }> {
    const { prepared, files } = await prepareEdition(this.project, spec);
    if (!prepared) throw new NotForPatientsError(null, files.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => message.reason)));
    return { prepared };
  }

  /** The build's file, when the manifest lists this edition with today's content hash and the bytes on disk are the ones it lists. */
  private async builtFile(facts: EditionFacts): Promise<{ bytes: Buffer; sha256: string } | null> {
    const relative = editionPath(facts.spec).split(path.sep).join('/');
    const entry = this.manifest.get(relative);
    if (!entry || entry.contentHash !== facts.contentHash || entry.paper !== facts.spec.paper) return null;
    const bytes = await readFile(path.join(this.project.outputDir, relative)).catch(() => null);
    if (!bytes || sha256(bytes) !== entry.sha256) return null;
    return { bytes, sha256: entry.sha256 };
  }

  private rendered(facts: EditionFacts): Promise<Buffer> {
    const cached = path.join(this.varDir, 'editions', `${facts.contentHash}.${formatNamed(facts.spec.format).extension}`);
    return this.once(this.rendering, facts.contentHash, cached, async () => {
      // Prepared again rather than kept: a prepared edition holds its whole document, and most requests never render.
      const { prepared } = await this.prepare(facts.spec);
      return Buffer.from((await this.pool.render(prepared)).bytes);
    });
  }

  /** The cached file, or `make` run once for all who ask at the same time, within the queue's bound. */
  private async once(running: Map<string, Promise<Buffer>>, hash: string, cached: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const onDisk = await readFile(cached).catch(() => null);
    if (onDisk) return onDisk;
    let made = running.get(hash);
    if (!made) {
      if (this.rendering.size + this.previewing.size >= this.workers + this.queue) throw new BusyError(RETRY_AFTER_SECONDS);
      made = make().then(async (bytes) => {
        await writeFileAtomic(cached, bytes);
        return bytes;
      });
      running.set(hash, made);
      void made.finally(() => running.delete(hash)).catch(() => {});
    }
    return made;
  }
}

/** A handout renders in about a second; a queue full of them clears in a few. */
const RETRY_AFTER_SECONDS = 5;

function factsOf(prepared: PreparedEdition): EditionFacts {
  const { spec, identity } = prepared;
  const { extension } = formatNamed(spec.format);
  return {
    spec,
    version: identity.version,
    contentHash: identity.contentHash,
    onlineUrl: prepared.online?.url ?? null,
    fileName: path.basename(editionPath(spec)),
    contentType: extension === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    email: prepared.email,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
