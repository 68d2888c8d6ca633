import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject, topic } from './helpers/project.ts';
import { handout } from './helpers/cli.ts';



describe('handout command line', () => {
  it('check reports file, line, column, severity, message and rule, and exits 1', async () => {
    const project = await tempProject({ 'content/bad.md': topic('Text with <b>html</b>.\n', { audience: 'adults' }) });
    const { code, stderr } = await handout(project.root, 'check');
    expect(code).toBe(1);
    expect(stderr).toMatch(/content\/bad\.md\n8:1\s+error\s+Unknown front matter field `audience`\s+front-matter-schema\s+handout/);
  });

  it('refuses a --jobs that is not a whole number, before building anything', async () => {
    const project = await tempProject({ 'content/care.md': topic('Rest well.\n', { levels: '[plain]' }) });
    for (const jobs of ['abc', '-1', '1.5']) {
      const { code, stderr, stdout } = await handout(project.root, 'build', '--jobs', jobs);
      expect(code, jobs).not.toBe(0);
      expect(stderr, jobs).toContain(`option '--jobs <n>' argument '${jobs}' is invalid. expected a whole number, 0 or more`);
      expect(stdout, jobs).not.toContain('built');
    }
  });

  it('build renders, reports unchanged editions on a second run, and exits 0', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nRest <b>well</b>.\n', { levels: '[plain]' }) });
    const first = await handout(project.root, 'build', '--lang', 'en');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('built   care en plain handout  →  output/care/care.plain.en.handout.pdf  (1 pages)');
    expect(first.stdout).toContain('1 built, 0 unchanged, 0 failed');
    expect(first.stderr).toContain('raw-html');
    // The topic is not read again, so its warning is not printed again: the summary points to the manifest.
    const second = await handout(project.root, 'build', '--lang', 'en');
    expect(second.stdout).toContain('0 built, 1 unchanged, 0 failed');
    // Both raw-html warnings and the missing key points (summary-missing, a warning in a build).
    expect(first.stderr).toContain('summary-missing');
    expect(second.stdout).toContain('3 earlier warnings of unchanged topics are listed in output/manifest.json');
  });

  it('build refuses an unknown language and exits 1', async () => {
    const project = await tempProject({ 'content/care.md': topic('Rest well.\n', { levels: '[plain]' }) });
    const { code, stderr } = await handout(project.root, 'build', '--lang', 'xx');
    expect(code).toBe(1);
    expect(stderr).toContain('Unknown language "xx": known languages are en, es');
  });

  it('i18n sync, export and import round-trip through files', async () => {
    const project = await tempProject({ 'content/care.md': topic('## Care\n\nRest well.\n', { levels: '[plain]' }) });
    expect((await handout(project.root, 'i18n', 'sync', '--lang', 'es')).stdout).toContain('es/care: 4 new: title, summary, care.h1, care.p1');
    const out = path.join(project.root, 'care.es.xlf');
    const exported = await handout(project.root, 'i18n', 'export', '--lang', 'es', '--topic', 'care', '--out', out);
    expect(exported.stdout).toContain('4 units for es written');
    const xml = (await readFile(out, 'utf8')).replace(
      /(<unit id="care.p1">[\s\S]*?<segment) state="initial">([\s\S]*?<\/source>)/,
      '$1 state="translated">$2<target>Descanse bien.</target>',
    );
    await writeFile(out, xml);
    const imported = await handout(project.root, 'i18n', 'import', out);
    expect(imported.stdout).toContain('1 imported');
    const status = await handout(project.root, 'i18n', 'status', '--topic', 'care', '--lang', 'es');
    expect(status.stdout).toMatch(/^care +es +4 +1 +0 +0 +3 +no +no$/m);
  });
});
