import path from 'node:path';
import type { VFile } from 'vfile';
import { loadClinics } from '../branding/index.ts';
import { ConfigError, loadConfig, type LanguageConfig, type ProjectConfig } from '../config/index.ts';
import { loadTerminology, EMPTY_TERMBASE, type Termbase } from '../config/terminology.ts';
import { hasErrors } from '../messages/index.ts';
import type { Clinic } from '../model/edition.ts';

export { ConfigError, type LanguageConfig, type ProjectConfig };

/** A project opened: its configuration checked, its clinics' logos read, and where its folders are. */
export interface Project {
  root: string;
  config: ProjectConfig;
  configFile: VFile;
  /** Clinics with their logos loaded, in config order (the first is the default). */
  clinics: Map<string, Clinic>;
  /** Terms to use and never to use, per language (empty without `terminology` in the config). */
  terminology: Termbase;
  contentDir: string;
  localesDir: string;
  outputDir: string;
}

/** Opens the project in `root`; throws ConfigError with every located message about its configuration. */
export async function openProject(root: string): Promise<Project> {
  const { config, file, place } = await loadConfig(root);
  const clinics = await loadClinics(root, config.clinics, file, place);
  const terminology = config.terminology
    ? await loadTerminology(root, config.terminology, config.sourceLanguage, Object.keys(config.languages))
    : { termbase: EMPTY_TERMBASE, file: null };
  const related = terminology.file && terminology.file.messages.length > 0 ? [terminology.file] : [];
  if (hasErrors([file, ...related])) throw new ConfigError(file, related);
  return {
    root,
    config,
    configFile: file,
    clinics,
    terminology: terminology.termbase,
    contentDir: path.join(root, 'content'),
    localesDir: path.join(root, 'locales'),
    outputDir: path.join(root, 'output'),
  };
}
