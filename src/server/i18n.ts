import { readFile } from 'node:fs/promises';
import i18next, { type TFunction } from 'i18next';

/**
 * The front desk's own strings (staff-facing, English to start) from
 * locales/en/frontdesk.json beside this file: they belong to the tool, not to
 * a project's patient-facing catalogs.
 */
export async function staffStrings(language = 'en'): Promise<TFunction> {
  const strings = JSON.parse(await readFile(new URL(`./locales/${language}/frontdesk.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const instance = i18next.createInstance();
  // React escapes what pages show; i18next escaping too would print &amp; on screen.
  await instance.init({ lng: language, fallbackLng: 'en', resources: { [language]: { frontdesk: strings } }, defaultNS: 'frontdesk', interpolation: { escapeValue: false } });
  return instance.t;
}
