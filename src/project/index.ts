import path from 'node:path';
import type { VFile } from 'vfile';
import { loadClinics } from '../branding/index.ts';
import { ConfigError, loadConfig, type LanguageConfig, type ProjectConfig } from '../config/index.ts';
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
  contentDir: string;
  localesDir: string;
  outputDir: string;
}

/** Opens the project in `root`; throws ConfigError with every located message about its configuration. */
export async function openProject(root: string): Promise<Project> {
  const { config, file, place } = await loadConfig(root);
  const clinics = await loadClinics(root, config.clinics, file, place);
  if (hasErrors([file])) throw new ConfigError(file);
  return {
    root,
    config,
    configFile: file,
    clinics,
    contentDir: path.join(root, 'content'),
    localesDir: path.join(root, 'locales'),
    outputDir: path.join(root, 'output'),
  };
}
