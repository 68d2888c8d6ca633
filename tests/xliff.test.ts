import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { catalogPaths, loadCatalog } from '../src/i18n/catalog.ts';
import { sourceCatalogs, syncProject } from '../src/i18n/project.ts';
import { exportXliff, importXliff } from '../src/i18n/xliff.ts';
import type { Project } from '../src/index.ts';
import { tempProject, topic } from './helpers/project.ts';

async function setUp() {
  const project = await tempProject({ 'content/care.md': topic('## Care\n\nTake **5 mg** daily.  \nThen rest.\n\nSee [MedlinePlus](https://medlineplus.gov/).\n', { levels: '[plain]' }) });
  await syncProject(project, { languages: ['es'] });
  const { sources } = await sourceCatalogs(project, { topics: ['care'] });
  return { project, sources: sources.filter((source) => source.namespace === 'care') };
}

const catalogBytes = async (project: Project) => {
  const { jsonPath, metaPath } = catalogPaths(project, 'es', 'care');
  return [await readFile(jsonPath, 'utf8'), await readFile(metaPath, 'utf8')];
};

async function runImport(project: Project, xml: string) {
  const file = new VFile({ path: 'care.es.xlf' });
  const { sources } = await sourceCatalogs(project, {});
  const result = await importXliff(project, xml, file, sources);
  return { result, messages: file.messages.map((message) => `${message.ruleId}: ${message.reason}`) };
}

describe('XLIFF 2.0', () => {
  it('exports new segments with inline codes, notes and states', async () => {
    const { project, sources } = await setUp();
    const { xml, units } = await exportXliff(project, { language: 'es', sources, all: false });
    expect(units).toBe(5);
    expect(xml).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es">');
    expect(xml).toMatch(/<unit id="care.p1">[\s\S]*<note category="heading">Care<\/note>[\s\S]*<segment state="initial">\s*<source>Take <pc id="1" canCopy="no" canDelete="no" canOverlap="no">5 mg<\/pc> daily.<ph id="2" canCopy="no" canDelete="no"\/>Then rest.<\/source>/);
  });

  it('imports a translator’s targets, checks them, and keeps the round trip byte-identical', async () => {
    const { project, sources } = await setUp();
    const { xml } = await exportXliff(project, { language: 'es', sources, all: true });
    const translated = xml
      .replace(/(<unit id="title">[\s\S]*?<segment) state="initial">([\s\S]*?<\/source>)/, '$1 state="translated">$2<target>Tema de prueba</target>')
      .replace(
        /(<unit id="care.p1">[\s\S]*?<segment) state="initial">([\s\S]*?<\/source>)/,
        '$1 state="final">$2<target>Tome <pc id="1">5 mg</pc> al día.<ph id="2"/>Luego descanse.</target>',
      );
    const first = await runImport(project, translated);
    expect(first.messages).toEqual([]);
    expect(first.result).toMatchObject({ applied: 2, rejected: 0 });
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.values['care.p1']).toBe('Tome <1>5 mg</1> al día.<2/>Luego descanse.');
    expect(catalog.meta.segments['care.p1']?.state).toBe('reviewed');

    // Export → import of an unchanged file changes nothing.
    const before = await catalogBytes(project);
    const { xml: again } = await exportXliff(project, { language: 'es', sources, all: true });
    const second = await runImport(project, again);
    expect(second.result.applied).toBe(0);
    expect(await catalogBytes(project)).toEqual(before);
  });

  it('rejects per unit: unknown ids, broken inline codes, a changed dose, an outdated source', async () => {
    const { project, sources } = await setUp();
    const { xml } = await exportXliff(project, { language: 'es', sources, all: true });
    const before = await catalogBytes(project);
    const target = (id: string, value: string) => (text: string) =>
      text.replace(new RegExp(`(<unit id="${id.replace('.', '\\.')}">[\\s\\S]*?<segment) state="initial">([\\s\\S]*?</source>)`), `$1 state="translated">$2<target>${value}</target>`);
    let hostile = target('care.p1', 'Tome 5 mg al día.<ph id="2"/>Luego descanse.')(xml);
    hostile = target('care.p2', 'Vea <pc id="1">MedlinePlus</pc>.')(hostile);
    hostile = target('care.h1', 'Cuidados')(hostile).replace('<unit id="care.h1">', '<unit id="care.h9">');
    hostile = target('summary', 'Un tema de 50 mg.')(hostile);
    hostile = hostile.replace('<source>Test topic</source>', '<source>Old title</source>').replace(/(<unit id="title">[\s\S]*?<segment) state="initial">([\s\S]*?<\/source>)/, '$1 state="translated">$2<target>Viejo</target>');
    const { result, messages } = await runImport(project, hostile);
    expect(result).toMatchObject({ applied: 1, rejected: 4 });
    expect(messages).toEqual([
      expect.stringMatching(/^xliff-source-changed: unit "care:title"/),
      expect.stringMatching(/^numbers: unit "care:summary": numbers differ/),
      expect.stringMatching(/^xliff-unit: unit "care:care.h9": no such segment/),
      expect.stringMatching(/^inline-tags: unit "care:care.p1": inline tags: missing tag <1>/),
    ]);
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(Object.keys(catalog.values)).toEqual(['care.p2']);
    expect(before).not.toEqual(await catalogBytes(project));
  });

  it.each([
    ['an entity-expansion bomb', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xliff>&b;</xliff>', 'xliff-dtd'],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><xliff/>', 'xliff-dtd'],
    ['malformed XML', '<xliff version="2.0"><file></xliff>', 'xliff-xml'],
    ['a wrong root', '<?xml version="1.0"?><html><body/></html>', 'xliff-root'],
    ['XLIFF 1.2', '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file/></xliff>', 'xliff-version'],
    ['the wrong language', '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="care"/></xliff>', 'xliff-language'],
    [
      'a unit without id',
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es"><file id="care"><unit><segment state="translated"><source>Care</source><target>Cuidados</target></segment></unit></file></xliff>',
      'xliff-unit',
    ],
    ['an unknown file', '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="es"><file id="../../etc"/></xliff>', 'xliff-file'],
  ])('refuses %s and changes nothing', async (_, xml, ruleId) => {
    const { project } = await setUp();
    const before = await catalogBytes(project);
    const { messages } = await runImport(project, xml);
    expect(messages[0]).toMatch(new RegExp(`^${ruleId}:`));
    expect(await catalogBytes(project)).toEqual(before);
  });

  it('writes nothing when a catalog file cannot be parsed', async () => {
    const { project, sources } = await setUp();
    const { xml } = await exportXliff(project, { language: 'es', sources, all: true });
    await writeFile(catalogPaths(project, 'es', 'care').jsonPath, '{ broken');
    const { messages } = await runImport(project, xml);
    expect(messages).toContainEqual(expect.stringMatching(/^xliff-catalog:/));
    expect(await readFile(catalogPaths(project, 'es', 'care').jsonPath, 'utf8')).toBe('{ broken');
  });
});
