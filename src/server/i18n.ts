import { readFile } from 'node:fs/promises';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { TOOL_ROOT } from '../version.ts';

/**
 * The front desk's own strings (staff-facing, English to start) from
 * src/server/locales/en/frontdesk.json (read from the sources when running compiled): they belong to the tool, not to
 * a project's patient-facing catalogs.
 */
export async function staffStrings(language = 'en'): Promise<TFunction> {
  const strings = JSON.parse(await readFile(path.join(TOOL_ROOT, 'src', 'server', 'locales', language, 'frontdesk.json'), 'utf8')) as Record<string, unknown>;
  const instance = i18next.createInstance();
  // React escapes what pages show; i18next escaping too would print &amp; on screen.
  await instance.init({ lng: language, fallbackLng: 'en', resources: { [language]: { frontdesk: strings } }, defaultNS: 'frontdesk', interpolation: { escapeValue: false } });
  return instance.t;
}
