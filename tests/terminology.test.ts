import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { loadTerminology } from '../src/config/terminology.ts';
import { checkTranslation } from '../src/i18n/checks.ts';
import { catalogPaths } from '../src/i18n/catalog.ts';
import { sourceCatalogs, syncProject } from '../src/i18n/project.ts';
import { exportXliff, importXliff } from '../src/i18n/xliff.ts';
import { check, ConfigError, openProject } from '../src/index.ts';
import { REPO_ROOT, tempProject, topic } from './helpers/project.ts';

const TBX3 = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text>
    <body>
      <conceptEntry id="mvd">
        <descrip type="definition">The operation.</descrip>
        <langSec xml:lang="en"><termSec><term>MVD</term></termSec></langSec>
        <langSec xml:lang="es"><termSec><term>descompresión microvascular</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec><termSec><term>DMV</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote><note>the motor-vehicle office</note></termSec></langSec>
        <langSec xml:lang="zh"><termSec><term>微血管减压术</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
      </conceptEntry>
      <conceptEntry id="stress-relief">
        <langSec xml:lang="en"><termSec><term>stress relief</term></termSec></langSec>
        <langSec xml:lang="zh"><termSec><term>缓解压力</term></termSec><termSec><term>减压</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
`;

// Weblate writes TBX 2: martif, termEntry, langSet, tig.
const TBX2 = `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
  <text><body>
    <termEntry id="vessel">
      <langSet xml:lang="en"><tig><term>blood vessel</term></tig></langSet>
      <langSet xml:lang="es"><tig><term>vaso sanguíneo</term></tig><tig><term>vaso de sangre</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
    </termEntry>
  </body></text>
</martif>
`;

async function termbaseOf(text: string, languages = ['en', 'es', 'zh-Hans']) {
  const project = await tempProject({ 'terms.tbx': text });
  return loadTerminology(project.root, 'terms.tbx', 'en', languages);
}

const findings = (source: string, translation: string, language: string, terms: Awaited<ReturnType<typeof termbaseOf>>['termbase']) =>
  checkTranslation({ source, translation, sourceLanguage: 'en', language, tags: null, glossary: [], terms: terms.concepts.get(language) ?? [] })
    .filter((finding) => finding.ruleId === 'terminology')
    .map((finding) => finding.message);

describe('terminology (TBX)', () => {
  it('reads TBX 3 and TBX 2 termbases: approved terms best first, forbidden ones with why; a language tag matches its script variant', async () => {
    const { termbase, file } = await termbaseOf(TBX3);
    expect(file.messages).toEqual([]);
    expect(termbase.concepts.get('es')).toEqual([
      { id: 'mvd', sourceTerms: ['MVD'], approved: ['descompresión microvascular'], forbidden: [{ term: 'DMV', note: 'the motor-vehicle office' }], definition: 'The operation.' },
    ]);
    expect(termbase.concepts.get('zh-Hans')?.map((concept) => [concept.id, concept.approved, concept.forbidden.map((term) => term.term)])).toEqual([
      ['mvd', ['微血管减压术'], []],
      ['stress-relief', ['缓解压力'], ['减压']],
    ]);
    const weblate = await termbaseOf(TBX2);
    expect(weblate.termbase.concepts.get('es')?.[0]).toMatchObject({ id: 'vessel', sourceTerms: ['blood vessel'], approved: ['vaso sanguíneo'], forbidden: [{ term: 'vaso de sangre' }] });
  });

  it('refuses a forbidden term where the source speaks of the concept, and only there', async () => {
    const { termbase } = await termbaseOf(TBX3);
    expect(findings('A second MVD can help.', 'Una segunda DMV puede ayudar.', 'es', termbase)).toEqual([
      '"DMV" must not be used for "MVD" (the motor-vehicle office): use "descompresión microvascular"',
    ]);
    expect(findings('A second MVD can help.', 'Una segunda descompresión microvascular puede ayudar.', 'es', termbase)).toEqual([]);
    // No MVD in the source: DMV is someone else's business.
    expect(findings('Bring your license.', 'Traiga su licencia del DMV.', 'es', termbase)).toEqual([]);
    // Whole words only, and an abbreviation only in capitals.
    expect(findings('The MVD helps.', 'La DMVs ayuda.', 'es', termbase)).toEqual([]);
  });

  it('finds terms inside Chinese text, which has no spaces, but not inside an approved term', async () => {
    const { termbase } = await termbaseOf(TBX3);
    expect(findings('Physical therapy, stress relief', '物理治疗、减压', 'zh-Hans', termbase)).toHaveLength(1);
    expect(findings('Physical therapy, stress relief', '物理治疗、缓解压力', 'zh-Hans', termbase)).toEqual([]);
    expect(findings('MVD and stress relief', '微血管减压术和缓解压力', 'zh-Hans', termbase)).toEqual([]);
  });

  it('reports a broken termbase with its line, as a configuration error', async () => {
    const broken = await termbaseOf(TBX3.replace('<term>DMV</term>', '<term>DMV</trem>'));
    expect(broken.file.messages.map((message) => [message.ruleId, message.line])).toEqual([['terminology-syntax', 8]]);
    const orphan = await termbaseOf(TBX3.replace('<langSec xml:lang="en"><termSec><term>stress relief</term></termSec></langSec>', ''));
    expect(orphan.file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['terminology-schema', 11, 'Concept stress-relief has no term in the source language (en): translations cannot be matched to it'],
    ]);
    const project = await tempProject();
    await writeFile(path.join(project.root, 'terminology.tbx'), '<tbx><text><body><conceptEntry id="x"><langSec xml:lang="es"/></conceptEntry></body></text></tbx>');
    const refused = await openProject(project.root).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).files.map((file) => [path.basename(file.path), file.messages.map((message) => message.ruleId)])).toEqual([
      ['handout.config.yaml', []],
      ['terminology.tbx', ['terminology-schema']],
    ]);
  });

  it('fails `handout check` on a catalog that uses a forbidden term, naming the topic line and the catalog', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nA second MVD can help.\n', { levels: '[plain]' }) });
    await syncProject(project, { languages: ['es'] });
    const { jsonPath } = catalogPaths(project, 'es', 'care');
    const catalog = JSON.parse(await readFile(jsonPath, 'utf8')) as Record<string, string>;
    await writeFile(jsonPath, JSON.stringify({ ...catalog, title: 'Tema', summary: 'Un tema.', 'care.h1': 'Cuidados', 'care.p1': 'Una segunda DMV puede ayudar.' }));
    const result = await check(project, { topics: ['care'], languages: ['es'] });
    const messages = result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'terminology').map((message) => `${path.basename(file.path)}:${message.line} ${message.reason}`));
    expect(messages).toEqual([
      'care.md:11 es translation of `care.p1`: "DMV" must not be used for "MVD" (US readers know DMV as the motor-vehicle office): use "descompresión microvascular" (locales/es/care.json)',
    ]);
  });

  it('gives translators the terms in XLIFF (glossary module) and refuses an imported target with a forbidden term', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nA second MVD can help.\n', { levels: '[plain]' }) });
    await syncProject(project, { languages: ['es'] });
    const { sources } = await sourceCatalogs(project, { topics: ['care'] });
    const { xml } = await exportXliff(project, { language: 'es', sources: sources.filter((source) => source.namespace === 'care'), all: true });
    expect(xml).toContain('xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0"');
    expect(xml).toMatch(
      /<unit id="care\.p1">\s*<gls:glossary>\s*<gls:glossEntry id="term-mvd">\s*<gls:term source="terminology">MVD<\/gls:term>\s*<gls:translation>descompresión microvascular<\/gls:translation>\s*<gls:definition>[^<]*Never use: DMV \(US readers know DMV as the motor-vehicle office\)\.<\/gls:definition>/,
    );
    expect(xml).not.toMatch(/<unit id="care\.h1">\s*<gls:glossary>/);
    const translated = xml.replace(/(<unit id="care\.p1">[\s\S]*?<segment) state="initial">([\s\S]*?<\/source>)/, '$1 state="translated">$2<target>Una segunda DMV puede ayudar.</target>');
    const file = new VFile({ path: 'care.es.xlf' });
    const result = await importXliff(project, translated, file, sources);
    expect(result.rejected).toBe(1);
    expect(file.messages.map((message) => message.ruleId)).toContain('terminology');
  });

  it('holds the sample translations to the sample termbase', async () => {
    const project = await openProject(REPO_ROOT);
    expect(project.terminology.file).toBe('terminology.tbx');
    const result = await check(project, {});
    expect(result.files.flatMap((file) => file.messages.filter((message) => message.ruleId === 'terminology').map((message) => message.reason))).toEqual([]);
  });
});
