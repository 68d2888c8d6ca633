import { createHash } from 'node:crypto';
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { VFile } from 'vfile';
import type { IndexLink, LocalText, renderSiteIndex } from '../../templates/html/SiteIndex.tsx';
import { onlineAddress } from '../branding/index.ts';
import { linkedFormats } from '../config/index.ts';
import { linkFileAtomic, writeFileAtomic } from '../files/atomic.ts';
import { loadCatalog, readUiSource, UI_NAMESPACE, type SourceCatalog } from '../i18n/catalog.ts';
import { segmentState } from '../i18n/status.ts';
import { report, sourceFile } from '../messages/index.ts';
import type { Clinic } from '../model/edition.ts';
import type { Project } from '../project/index.ts';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { describeError, reportException } from './failures.ts';
import { FileHashes, toPosix } from './inputs.ts';
import { MANIFEST, readManifest } from './manifest.ts';
import type { ManifestEntry } from './types.ts';

/** The online site of the default clinic's editions: output/site/; another clinic's is output/<clinic>/site/. */
export const SITE_FOLDER = 'site';

/** The address pattern of a clinic without onlineUrl: its site has the sample clinic's layout. */
export const DEFAULT_SITE_LAYOUT = 'https://clinic.invalid/handouts/{topic}/{language}/{level}';

/** Where a clinic's site goes under output/ (its clinic folder, as for its editions). */
export function siteFolder(clinic: string | null): string {
  return clinic ? path.join(clinic, SITE_FOLDER) : SITE_FOLDER;
}

/**
 * The file under a site folder that serves an address: its path, decoded,
 * with index.html for a folder (a path that does not name an .html file).
 */
export function siteFileOf(address: string): string {
  const { pathname } = new URL(address);
  // The URL parser has already resolved . and .. segments; encoded slashes stay inside a segment's name.
  const segments = pathname.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment).replace(/[/\\]/g, '_'));
  const named = !pathname.endsWith('/') && /\.html?$/i.test(segments.at(-1) ?? '');
  return path.join(...segments, ...(named ? [] : ['index.html']));
}

/** The folder of the site's index pages: the pattern's path up to its first placeholder. */
function indexFolder(pattern: string): string {
  const { pathname } = new URL(pattern.slice(0, pattern.indexOf('{')));
  return path.join(...pathname.slice(0, pathname.lastIndexOf('/') + 1).split('/').filter(Boolean).map(decodeURIComponent));
}

/** The clinic of a manifest entry: editionPath puts the editions of clinics other than the default in a folder of their own. */
function clinicOf(entry: ManifestEntry): string | null {
  const parts = entry.path.split('/');
  return parts.length > 2 ? parts[0]! : null;
}

/** A file of the site: a copy (hard link) of an edition in output/, or a page made here. */
type SiteFile = { edition: string; sha256: string } | { text: string };

/** Writes the sites (writeSites); a file system error is reported on the site folder, never thrown: the editions and manifest are written already. */
export async function publishSites(project: Project): Promise<VFile[]> {
  try {
    return await writeSites(project);
  } catch (error) {
    const file = sourceFile(path.join(project.outputDir, SITE_FOLDER), project.root);
    reportException(file, `Cannot write the online site: ${describeError(error)}`, 'output-unwritable', error);
    return [file];
  }
}

/**
 * Writes the online site of every clinic with editions in output/manifest.json:
 * each HTML edition at the path its clinic's onlineUrl gives (every address the
 * QR codes of its PDF editions carry), its linked PDF editions beside it, an
 * index page per language and one listing the languages. Drafts are never
 * published. Files already there with the same bytes are left alone; every
 * other file is written atomically, and files of editions no longer in the
 * manifest (failed, or no longer offered) are removed, once the index pages
 * no longer list them. Problems are reported on the files returned.
 */
async function writeSites(project: Project): Promise<VFile[]> {
  const files: VFile[] = [];
  const manifestFile = sourceFile(path.join(project.outputDir, MANIFEST), project.root);
  const hashes = new FileHashes();
  const published: ManifestEntry[] = [];
  const manifest = await readManifest(project);
  for (const entry of manifest.values()) {
    if (entry.translation.status === 'draft') continue;
    const inside = !path.relative(project.outputDir, path.resolve(project.outputDir, entry.path)).startsWith('..');
    if (inside && (await hashes.hash(path.join(project.outputDir, entry.path))) === entry.sha256) published.push(entry);
    else report(manifestFile, 'error', `output/${entry.path} is not the file the manifest lists (changed or missing since it was built): it is not published; build it again`, 'site-edition-changed');
  }
  if (manifestFile.messages.length > 0) files.push(manifestFile);
  const clinics = new Set<string | null>([null, ...published.map(clinicOf)]);
  const ui = await uiTexts(project);
  // React's server renderer only for a site with pages: a build of PDF editions alone never loads it.
  const render = published.some((entry) => entry.format === 'html') ? (await import('../../templates/html/SiteIndex.tsx')).renderSiteIndex : null;
  for (const clinicId of clinics) {
    const clinic = clinicId === null ? project.clinics.values().next().value! : project.clinics.get(clinicId);
    // A clinic removed from the config keeps the site its editions were last published in.
    if (!clinic) continue;
    const folder = siteFolder(clinicId);
    const file = sourceFile(path.join(project.outputDir, folder), project.root);
    files.push(file);
    // A topic or clinic named "site" has its editions where the site would go: pruning the site would delete them.
    const clash = [...manifest.keys()].find((edition) => edition.startsWith(`${toPosix(folder)}/`));
    if (clash) {
      report(file, 'error', `output/${clash} is where the online site goes (output/${toPosix(folder)}/): the site is not written; rename the topic or clinic named "${SITE_FOLDER}"`, 'site-collision');
      continue;
    }
    const wanted = siteFiles(project, clinic, published.filter((entry) => clinicOf(entry) === clinicId), ui, file, render);
    await writeSite(project.outputDir, path.join(project.outputDir, folder), wanted, hashes);
  }
  return files;
}

function siteFiles(project: Project, clinic: Clinic, entries: ManifestEntry[], ui: UiTexts, file: VFile, render: typeof renderSiteIndex | null): Map<string, SiteFile> {
  const wanted = new Map<string, SiteFile>();
  const pattern = clinic.onlineUrl ?? DEFAULT_SITE_LAYOUT;
  const place = (target: string, source: SiteFile, what: string) => {
    const earlier = wanted.get(target);
    if (earlier && JSON.stringify(earlier) !== JSON.stringify(source)) {
      report(file, 'error', `${what} and another file both go to ${target} of the site: give each edition its own address in onlineUrl`, 'site-collision');
      return false;
    }
    wanted.set(target, source);
    return true;
  };
  const edition = (entry: ManifestEntry): SiteFile => ({ edition: entry.path, sha256: entry.sha256 });
  const key = (entry: ManifestEntry) => `${entry.topic}\u0000${entry.language}\u0000${entry.level}`;
  const pages = entries.filter((entry) => entry.format === 'html');
  const listed: ManifestEntry[] = [];
  for (const page of pages) {
    const same = entries.filter((entry) => key(entry) === key(page));
    const linked = linkedFormats(project.config, page.level);
    const pdfs = same.filter((entry) => linked.includes(entry.format));
    for (const format of linked.filter((format) => !pdfs.some((pdf) => pdf.format === format))) {
      report(file, 'warning', `The online edition output/${page.path} links to its ${format} edition, which is not in the manifest: build it (handout build --format ${format}) before publishing`, 'site-link-missing');
    }
    // Every address the QR codes of this edition's formats carry: one, unless the pattern names the {format}.
    const addresses = new Set(same.map((entry) => onlineAddress({ ...clinic, onlineUrl: pattern }, entry)!));
    let placed = true;
    for (const address of addresses) {
      const target = siteFileOf(address);
      placed = place(target, edition(page), `output/${page.path}`) && placed;
      for (const pdf of pdfs) placed = place(path.join(path.dirname(target), path.basename(pdf.path)), edition(pdf), `output/${pdf.path}`) && placed;
    }
    if (placed) listed.push(page);
  }
  if (listed.length === 0 || !render) return wanted;
  const indexes = indexFolder(pattern);
  const canonical = (entry: ManifestEntry) => siteFileOf(onlineAddress({ ...clinic, onlineUrl: pattern }, entry)!);
  const languages = Object.keys(project.config.languages).filter((language) => listed.some((entry) => entry.language === language));
  const creator = `${TOOL_NAME} ${TOOL_VERSION}`;
  const indexOf = (language: string) => path.join(indexes, language, 'index.html');
  const levels = Object.keys(project.config.levels);
  for (const language of languages) {
    const here = path.dirname(indexOf(language));
    const own = ui.text(language, 'handoutsIndex');
    const links: IndexLink[] = listed
      .filter((entry) => entry.language === language)
      .sort((a, b) => a.title.localeCompare(b.title, language) || levels.indexOf(a.level) - levels.indexOf(b.level))
      .map((entry) => ({ href: href(here, canonical(entry)), name: { text: entry.title, lang: language, dir: ui.direction(language) }, detail: ui.text(language, `level.${entry.level}`) }));
    const text = render({ lang: language, dir: ui.direction(language), title: own, skipToContent: ui.text(language, 'skipToContent'), clinic, links, creator });
    place(indexOf(language), { text }, `The ${language} index page`);
  }
  const source = project.config.sourceLanguage;
  const links: IndexLink[] = languages.map((language) => ({
    href: href(indexes, indexOf(language)),
    name: { text: project.config.languages[language]!.name, lang: language, dir: ui.direction(language) },
    detail: ui.text(language, 'handoutsIndex'),
  }));
  const text = render({ lang: source, dir: ui.direction(source), title: ui.text(source, 'handoutsIndex'), skipToContent: ui.text(source, 'skipToContent'), clinic, links, creator });
  place(path.join(indexes, 'index.html'), { text }, 'The index page of languages');
  return wanted;
}

/** A relative link from a page in `folder` to a file of the site: a folder's index.html by the folder's name, as web servers serve it. */
function href(folder: string, target: string): string {
  const relative = path.relative(folder, target).split(path.sep).map(encodeURIComponent).join('/');
  return relative.endsWith('index.html') ? relative.slice(0, -'index.html'.length) || './' : relative;
}

interface UiTexts {
  /** A template string in a language, or the source's (marked as such) where the language has no current translation. */
  text(language: string, key: string): LocalText;
  direction(language: string): 'ltr' | 'rtl';
}

/** The template strings the index pages show, by language, as editions use them: translated from the current source text, else the source's. */
async function uiTexts(project: Project): Promise<UiTexts> {
  const { config } = project;
  const source = (await readUiSource(project)).source;
  const catalogs = new Map(await Promise.all(Object.keys(config.languages).filter((language) => language !== config.sourceLanguage).map(async (language) => [language, await loadCatalog(project, language, UI_NAMESPACE)] as const)));
  const direction = (language: string) => config.languages[language]?.direction ?? 'ltr';
  const entryOf = (catalog: SourceCatalog | null, key: string) => catalog?.entries.find((entry) => entry.key === key);
  return {
    direction,
    text(language, key) {
      const entry = entryOf(source, key);
      const catalog = catalogs.get(language);
      if (entry && catalog && ['translated', 'reviewed'].includes(segmentState(entry, catalog))) return { text: catalog.values[key]!, lang: language, dir: direction(language) };
      return { text: entry?.source ?? key, lang: config.sourceLanguage, dir: direction(config.sourceLanguage) };
    },
  };
}

/**
 * Makes the site folder hold exactly `wanted`: new and changed files written
 * atomically, then files no longer wanted removed, and the folders they leave
 * empty.
 */
async function writeSite(outputDir: string, folder: string, wanted: Map<string, SiteFile>, hashes: FileHashes): Promise<void> {
  for (const [target, file] of wanted) {
    const absolute = path.join(folder, target);
    const sha256 = 'text' in file ? createHash('sha256').update(file.text).digest('hex') : file.sha256;
    if ((await hashes.hash(absolute)) === sha256) continue;
    if ('text' in file) await writeFileAtomic(absolute, file.text);
    else await linkFileAtomic(path.join(outputDir, file.edition), absolute);
  }
  let present: string[];
  try {
    present = await readdir(folder, { recursive: true });
  } catch {
    return;
  }
  // Deepest first, so a folder is looked at once its files are gone.
  for (const entry of present.sort((a, b) => b.length - a.length)) {
    if (wanted.has(entry)) continue;
    const absolute = path.join(folder, entry);
    await rmdir(absolute).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') await rm(absolute, { force: true });
    });
  }
}
