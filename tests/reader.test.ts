import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTopic } from '../src/reader/index.ts';
import { selectLevel } from '../src/levels/index.ts';
import { walkSegments } from '../src/model/walk.ts';
import { formatReport } from '../src/messages/index.ts';
import type { Block } from '../src/model/document.ts';
import { png } from './helpers/png.ts';
import { tempProject, topic } from './helpers/project.ts';

async function read(text: string, name = 'sample') {
  const project = await tempProject({ [`content/${name}.md`]: text });
  return readTopic(project, name);
}

const messages = (file: { messages: { reason: string; line?: number | undefined; column?: number | undefined; fatal?: boolean | null | undefined; ruleId?: string | undefined }[] }) =>
  file.messages.map((message) => ({ reason: message.reason, line: message.line, fatal: message.fatal, ruleId: message.ruleId }));

describe('front matter', () => {
  it('accepts a valid topic and keeps its fields', async () => {
    const { file, document } = await read(topic('## Hello\n\nText.\n'));
    expect(file.messages).toEqual([]);
    expect(document?.meta).toMatchObject({ id: 'sample', sourceLanguage: 'en', levels: ['plain', 'detailed'], reviewed: '2026-11-01', version: '1.0' });
    expect(document?.meta.title.source).toBe('Test topic');
  });

  it('names the file, line and field of an unknown key', async () => {
    const { file, document } = await read(topic('Text.\n', { audience: 'adults' }));
    expect(document).toBeNull();
    // Fields: title 2, summary 3, language 4, levels 5, reviewed 6, version 7, audience 8.
    expect(messages(file)).toEqual([{ reason: 'Unknown front matter field `audience`', line: 8, fatal: true, ruleId: 'front-matter-schema' }]);
    expect(formatReport([file])).toMatch(/content\/sample\.md\n.*8:1\s+error\s+Unknown front matter field `audience`\s+front-matter-schema/);
  });

  it('reports a missing field and a wrong type with their lines', async () => {
    const text = '---\ntitle: T\nlanguage: en\nlevels: [plain]\nreviewed: 2026-13-45\nversion: 1.0\n---\nBody\n';
    const { file } = await read(text);
    const found = messages(file);
    expect(found).toContainEqual(expect.objectContaining({ reason: 'Missing front matter field `summary`', fatal: true }));
    expect(found).toContainEqual(expect.objectContaining({ reason: expect.stringContaining('`reviewed`'), line: 5 }));
    expect(found).toContainEqual(expect.objectContaining({ reason: expect.stringContaining('`version`: expected a quoted string'), line: 6 }));
  });

  it('reports YAML syntax errors at their line', async () => {
    const { file, document } = await read('---\ntitle: T\nsummary: [unclosed\nlanguage: en\n---\nBody\n');
    expect(document).toBeNull();
    expect(file.messages[0]?.ruleId).toBe('front-matter-yaml');
    expect(file.messages[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a topic without front matter or with an unclosed block', async () => {
    expect(messages((await read('# Just text\n')).file)[0]?.ruleId).toBe('front-matter-missing');
    expect(messages((await read('---\ntitle: T\n\nBody text\n')).file)[0]?.ruleId).toBe('front-matter-unclosed');
  });

  it('refuses a level the config does not define and an unknown language', async () => {
    const { file } = await read(topic('Text.\n', { levels: '[plain, expert]', language: 'xx' }));
    const reasons = file.messages.map((message) => message.reason);
    expect(reasons).toContainEqual(expect.stringContaining('expected one of the configured levels'));
    expect(reasons).toContainEqual(expect.stringContaining('expected one of the configured languages'));
  });

  it('refuses hostile and missing topic ids without reading outside content/', async () => {
    const project = await tempProject();
    const hostile = await readTopic(project, '../handout.config');
    expect(hostile.document).toBeNull();
    expect(hostile.file.messages[0]?.ruleId).toBe('topic-id');
    const missing = await readTopic(project, 'no-such-topic');
    expect(missing.file.messages[0]?.reason).toBe('Topic file not found: content/no-such-topic.md');
  });
});

describe('Markdown body', () => {
  it('turns raw HTML into a warning with its line and shows it as text', async () => {
    const { file, document } = await read(topic('Intro.\n\n<script>alert(1)</script>\n\nCall <b>now</b>.\n'));
    const warnings = file.messages.filter((message) => message.ruleId === 'raw-html');
    // Front matter takes lines 1–8: the HTML block is on line 11, the inline HTML on 13.
    expect(warnings.map((message) => [message.line, message.fatal])).toEqual([
      [11, false],
      [13, false],
      [13, false],
    ]);
    const texts = [...walkSegments(document!.blocks)].map(([segment]) => segment.content);
    expect(texts[1]).toEqual([{ type: 'text', value: '<script>alert(1)</script>' }]);
    expect(texts[2]).toEqual([{ type: 'text', value: 'Call <b>now</b>.' }]);
  });

  it('warns about unsupported constructs and unknown blocks but keeps their text', async () => {
    const { file, document } = await read(topic('Take `5 mg` daily.\n\n:::sidebar\nKept text.\n:::\n\n```\ncode text\n```\n'));
    expect(file.messages.map((message) => message.ruleId)).toEqual(['unsupported-inline-code', 'unknown-directive', 'unsupported-code']);
    const sources = [...walkSegments(document!.blocks)].map(([segment]) => segment.source);
    expect(sources).toEqual(['Take 5 mg daily.', 'Kept text.', '```\ncode text\n```'.replace(/\s+/g, ' ')]);
  });

  it('keeps the title of an unknown block, in bold, and says so', async () => {
    const { file, document } = await read(topic(':::caution[Call 911 if your face droops]\nRest your eyes.\n:::\n'));
    expect(messages(file)).toEqual([expect.objectContaining({ line: 9, fatal: false, ruleId: 'unknown-directive', reason: expect.stringMatching(/^Unknown block :::caution; its title \(in bold\) and content are shown as ordinary text/) })]);
    expect(document?.blocks.map((block) => block.type === 'paragraph' && block.text.content)).toEqual([
      [{ type: 'strong', children: [{ type: 'text', value: 'Call 911 if your face droops' }] }],
      [{ type: 'text', value: 'Rest your eyes.' }],
    ]);
  });

  it('keeps clock times and colons as text', async () => {
    const { file, document } = await read(topic('Come at 10:30 on day 2.\n\nNote:Call first.\n'));
    expect(file.messages).toEqual([]);
    expect([...walkSegments(document!.blocks)].map(([segment]) => segment.source)).toEqual(['Come at 10:30 on day 2.', 'Note:Call first.']);
  });

  it('keeps inline formatting as numbered tags and links with their URL', async () => {
    const { document } = await read(topic('Call *your* **care team** or see [MedlinePlus](https://medlineplus.gov/).\n'));
    const [segment] = [...walkSegments(document!.blocks)][0]!;
    expect(segment.source).toBe('Call <1>your</1> <2>care team</2> or see <3>MedlinePlus</3>.');
    expect(segment.content[5]).toEqual({ type: 'link', url: 'https://medlineplus.gov/', children: [{ type: 'text', value: 'MedlinePlus' }] });
  });

  it('refuses images outside content/ and never fetches remote ones', async () => {
    const { file } = await read(topic('![x](../../etc/passwd.png)\n\n![y](https://example.org/a.png)\n\n![z](missing.png)\n'));
    expect(file.messages.map((message) => [message.ruleId, message.fatal])).toEqual([
      ['image-path', true],
      ['remote-image', false],
      ['image-missing', true],
    ]);
  });

  it('reads level blocks and callouts, with stable keys per section', async () => {
    const body = [
      '## What it is',
      '',
      'Shared text.',
      '',
      ':::plain',
      'Plain text.',
      ':::',
      '',
      ':::detailed',
      'Detailed text.',
      ':::',
      '',
      '::::plain',
      ':::warning[Call 911 if]',
      '- you cannot breathe',
      ':::',
      '::::',
      '',
      ':::questions',
      '1. Is it safe?',
      ':::',
    ].join('\n');
    const { file, document } = await read(topic(body));
    expect(file.messages).toEqual([]);
    const keys = [...walkSegments(document!.blocks)].map(([segment, context]) => `${segment.key}@${context.level ?? '*'}`);
    expect(keys).toEqual([
      'what-it-is.h1@*',
      'what-it-is.p1@*',
      'what-it-is.plain.p1@plain',
      'what-it-is.detailed.p1@detailed',
      'what-it-is.plain.title1@plain',
      'what-it-is.plain.li1@plain',
      'what-it-is.li1@*',
    ]);

    const text = (blocks: Block[]) => [...walkSegments(blocks)].map(([segment]) => segment.source);
    const plain = selectLevel(document!, 'plain');
    expect(text(plain.blocks)).toEqual(['What it is', 'Shared text.', 'Plain text.', 'Call 911 if', 'you cannot breathe', 'Is it safe?']);
    const detailed = selectLevel(document!, 'detailed');
    expect(text(detailed.blocks)).toEqual(['What it is', 'Shared text.', 'Detailed text.', 'Is it safe?']);
    expect(detailed.blocks.some((block) => (block as { type: string }).type === 'level')).toBe(false);
  });

  it('lists problems in reading order, whichever step finds them', async () => {
    const { file } = await read(topic('Take `5 mg`.\n\n:::plain[Ignored]\n![](missing.png)\n:::\n\n:::sidebar\nAfter `x`.\n:::\n'));
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [9, 'unsupported-inline-code'],
      [11, 'level-label'],
      [12, 'image-alt-missing'],
      [12, 'image-missing'],
      [15, 'unknown-directive'],
      [16, 'unsupported-inline-code'],
    ]);
  });

  it('refuses nested level blocks and levels the topic does not declare', async () => {
    const { file } = await read(topic(':::detailed\nx\n:::\n', { levels: '[plain]' }));
    expect(file.messages.map((message) => message.ruleId)).toEqual(['level-undeclared']);
    const nested = await read(topic('::::plain\n:::detailed\nx\n:::\n::::\n'));
    expect(nested.file.messages.map((message) => message.ruleId)).toEqual(['level-nested']);
  });
});

describe('topic files', () => {
  it('says whether a topic file is missing or cannot be read', async () => {
    const project = await tempProject();
    const missing = await readTopic(project, 'absent');
    expect(missing.file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual(['topic-missing: Topic file not found: content/absent.md']);
    // A folder with a topic's file name: it exists, but reading it fails with EISDIR.
    await mkdir(path.join(project.contentDir, 'folder.md'));
    const unreadable = await readTopic(project, 'folder');
    expect(unreadable.document).toBeNull();
    expect(unreadable.file.messages.map((message) => `${message.ruleId}: ${message.reason}`)).toEqual([expect.stringMatching(/^topic-unreadable: Topic file cannot be read: EISDIR/)]);
  });
});

describe('images', () => {
  it('reads a picture standing in a paragraph of its own into an image block', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![A picture](picture.png)\n') });
    const bytes = png(4, 3);
    await writeFile(path.join(project.contentDir, 'picture.png'), bytes);
    const { file, document } = await readTopic(project, 'sample');
    expect(file.messages).toEqual([]);
    expect(document?.blocks).toEqual([{ type: 'image', path: path.join(project.contentDir, 'picture.png'), data: new Uint8Array(bytes), alt: expect.objectContaining({ key: 'intro.img1', source: 'A picture' }) }]);
  });

  it('keeps a clock time in alt text (a time is not a directive)', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![Clock at 10:30, Note:Call first](picture.png)\n') });
    await writeFile(path.join(project.contentDir, 'picture.png'), png(4, 3));
    const { file, document } = await readTopic(project, 'sample');
    expect(file.messages).toEqual([]);
    expect(document?.blocks).toEqual([expect.objectContaining({ type: 'image', alt: expect.objectContaining({ source: 'Clock at 10:30, Note:Call first' }) })]);
  });

  it('neither checks nor reads what is not converted: refused level blocks, footnote definitions', async () => {
    const refused = await read(topic(':::detailed\n![](missing.png)\n:::\n', { levels: '[plain]' }));
    expect(refused.file.messages.map((message) => message.ruleId)).toEqual(['level-undeclared']);
    const footnote = await read(topic('Text[^1].\n\n[^1]: Note\n\n    :::sidebar\n    ![](missing.png)\n    :::\n'));
    expect(footnote.file.messages.map((message) => message.ruleId)).toEqual(['unsupported-footnoteReference', 'unsupported-footnoteDefinition']);
  });

  it('refuses an image React-PDF could not draw, instead of leaving it out', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![A picture](picture.png)\n\n![Another](fake.jpg)\n'), 'content/picture.png': 'not an image', 'content/fake.jpg': '\xff\xd8 junk' });
    const { file, document } = await readTopic(project, 'sample');
    expect(document).toBeNull();
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ['image-corrupt', 9],
      ['image-corrupt', 11],
    ]);
    expect(file.messages[0]?.reason).toBe('Image picture.png is neither PNG nor JPEG');
  });

  it('reports an image that cannot be read on its line, instead of stopping the build', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![A picture](folder.png)\n') });
    // A folder with an image's name: it exists, but reading it fails with EISDIR.
    await mkdir(path.join(project.contentDir, 'folder.png'));
    const { file, document } = await readTopic(project, 'sample');
    expect(document).toBeNull();
    expect(file.messages.map((message) => [message.ruleId, message.line])).toEqual([['image-unreadable', 9]]);
    expect(file.messages[0]?.reason).toMatch(/^Image folder\.png cannot be read: EISDIR/);
  });
});
