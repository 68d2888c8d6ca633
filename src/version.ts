import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The tool's folder, holding package.json: found by walking up, so the same from src/ and from its compiled copy in dist/src/ (dist has no package.json). */
function toolRoot(): string {
  for (let folder = import.meta.dirname; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    if (folder === path.dirname(folder)) throw new Error(`no package.json above ${import.meta.dirname}`);
  }
}

export const TOOL_ROOT = toolRoot();

const packageJson = JSON.parse(readFileSync(path.join(TOOL_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

export const TOOL_NAME = packageJson.name;
export const TOOL_VERSION = packageJson.version;
