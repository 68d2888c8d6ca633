import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, openProject, type Project } from '../src/index.ts';
import { loadCatalog } from '../src/i18n/catalog.ts';
import { walkSegments } from '../src/model/walk.ts';
import { listTopics, readTopic } from '../src/reader/index.ts';
import { createCanvas } from '@napi-rs/canvas';
import { png } from './helpers/png.ts';
import { REPO_ROOT, tempProject, topic } from './helpers/project.ts';

/** Front matter of `topic()` takes lines 1–8: a body starts on line 9. */
const BODY = 9;

type Message = { ruleId?: string | undefined; line?: number | undefined; column?: number | undefined; reason: string; fatal?: boolean | null | undefined };
const places = (file: { messages: Message[] }) => file.messages.map((message) => [message.ruleId, message.line, message.column]);
const rules = (file: { messages: Message[] }) => file.messages.map((message) => message.ruleId);

/** Reads a topic written as text or as raw bytes. */
async function read(content: string | Buffer, name = 'sample') {
  const project = await tempProject();
  await writeFile(path.join(project.contentDir, `${name}.md`), content);
  return readTopic(project, name);
}

const outside: string[] = [];
afterAll(async () => {
  await Promise.all(outside.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
/** A folder outside every project, for links to point at. */
async function outsideFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'handout-outside-'));
  outside.push(dir);
  return dir;
}

describe('reading what editors save', () => {
  const lf = topic('Intro.\n\nCall <b>now</b>.\n\n## Dose\n\n- Take 5 mg.\n');

  it('reads CRLF, CR-only and byte-order-marked files as the LF file, with the lines and columns the editor shows', async () => {
    const expected = await read(lf);
    expect(places(expected.file)).toEqual([
      ['raw-html', BODY + 2, 6],
      ['raw-html', BODY + 2, 12],
    ]);
    const sources = (document: typeof expected.document) => [...walkSegments(document!.blocks)].map(([segment]) => [segment.key, segment.source, segment.position.line]);
    for (const [name, text] of Object.entries({
      crlf: lf.replace(/\n/g, '\r\n'),
      cr: lf.replace(/\n/g, '\r'),
      bom: `\ufeff${lf}`,
      'bom-crlf': `\ufeff${lf.replace(/\n/g, '\r\n')}`,
      mixed: lf.replace(/\n/g, (_, index: number) => (index % 2 ? '\r\n' : '\n')),
    })) {
      const { file, document } = await read(text, name);
      expect(places(file), name).toEqual(places(expected.file));
      expect(document?.meta.title.source, name).toBe('Test topic');
      expect(sources(document), name).toEqual(sources(expected.document));
    }
  });

  it('keeps the line of a YAML error in a CRLF file', async () => {
    const { file } = await read(topic('Text.\n', { title: 'Dose: 5 mg' }).replace(/\n/g, '\r\n'));
    expect(places(file)).toEqual([['front-matter-yaml', 2, 8]]);
  });

  it('refuses bytes that are not UTF-8, naming line, column and byte, instead of printing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from(topic('Caf')), Buffer.from([0xe9]), Buffer.from(' au lait.\n\nTake é'), Buffer.from([0xc0, 0xaf]), Buffer.from(' and '), Buffer.from([0x80]), Buffer.from('.\n')]);
    const { file, document } = await read(body);
    expect(document).toBeNull();
    // One message a line: the first bad byte of line 11 is the overlong 0xC0, after "Take é" (6 columns).
    expect(places(file)).toEqual([
      ['invalid-utf8', BODY, 4],
      ['invalid-utf8', BODY + 2, 7],
    ]);
    expect(file.messages[0]?.reason).toBe('Byte 0xE9 is not UTF-8 (the file may be saved as Latin-1 or Windows-1252): save it as UTF-8');
    expect(file.messages[1]?.reason).toContain('0xC0');
  });

  it('refuses a UTF-16 file in one message', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(topic('Text.\n'), 'utf16le')]);
    const { file } = await read(utf16);
    expect(file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([['invalid-utf8', 1, 'The file is saved as UTF-16: save it as UTF-8']]);
  });

  it('refuses control characters (C0 but tab and line ends, DEL, C1) with line, column and code point', async () => {
    const { file, document } = await read(topic('Dose \u0000 mg.\n\nTab\tis fine.\n\nForm\u000cfeed, \u001bescape, \u007fdelete, \u0085next line.\n'));
    expect(document).toBeNull();
    expect(places(file)).toEqual([
      ['control-character', BODY, 6],
      ['control-character', BODY + 4, 5],
      ['control-character', BODY + 4, 12],
      ['control-character', BODY + 4, 21],
      ['control-character', BODY + 4, 30],
    ]);
    expect(file.messages.map((message) => /U\+[0-9A-F]{4}/.exec(message.reason)?.[0])).toEqual(['U+0000', 'U+000C', 'U+001B', 'U+007F', 'U+0085']);
  });

  it('says how many more there are instead of a message for each of thousands', async () => {
    const { file } = await read(topic(`${'\u0000 '.repeat(5000)}\n`));
    expect(file.messages).toHaveLength(21);
    expect(file.messages[20]?.reason).toBe('…and 4980 more such characters');
  });

  it('refuses a replacement character, written or made by the parser from a bad reference', async () => {
    const { file } = await read(topic('Dose \ufffd mg.\n\nDose &#0; mg.\n'));
    expect(places(file)).toEqual([
      ['replacement-character', BODY, 6],
      ['replacement-character', BODY + 2, 1],
    ]);
  });

  it('refuses empty and comment-only front matter with a message', async () => {
    for (const text of ['---\n---\nText.\n', '---\n# to do\n\n---\nText.\n', '---\r\n\r\n---\r\nText.\r\n']) {
      const { file, document } = await read(text);
      expect(document, JSON.stringify(text)).toBeNull();
      expect(places(file), JSON.stringify(text)).toEqual([['front-matter-empty', 1, 1]]);
    }
  });

  it('hints at quoting a title or summary whose YAML fails, at the line and column the YAML library gives', async () => {
    const title = await read(topic('Text.\n', { title: 'Dose: 5 mg' }));
    expect(places(title.file)).toEqual([['front-matter-yaml', 2, 8]]);
    expect(title.file.messages[0]?.reason).toBe('Front matter is not valid YAML: Nested mappings are not allowed in compact mappings. A title containing ": " must be quoted: title: "Dose: 5 mg"');
    const summary = await read(topic('Text.\n', { summary: '*Important* facts' }));
    expect(summary.file.messages[0]?.reason).toMatch(/Quote the summary: summary: "\*Important\* facts"$/);
    // Not free text: quoting would not help, so no hint.
    const levels = await read(topic('Text.\n', { levels: '[plain' }));
    expect(levels.file.messages.map((message) => message.reason).join('\n')).not.toContain('quote');
  });

  it('warns when a comment cuts a title short', async () => {
    const { file, document } = await read(topic('Text.\n', { title: 'Take 2 #tablets' }));
    expect(document?.meta.title.source).toBe('Take 2');
    expect(file.messages.map((message) => [message.ruleId, message.line, message.fatal, message.reason])).toEqual([
      ['front-matter-comment', 2, false, 'The title ends where " #" starts a YAML comment, which is not printed; to print it, quote it: title: "Take 2 #tablets"'],
    ]);
    // A comment after a quoted title, or on a field that is not printed, is just a comment.
    expect((await read(topic('Text.\n', { title: '"Take 2" # tablets', language: 'en # source' }))).file.messages).toEqual([]);
  });
});

describe('bidirectional and invisible characters', () => {
  const codePoints = (file: { messages: Message[] }) => file.messages.map((message) => /U\+[0-9A-F]{4,5}/.exec(message.reason)?.[0]);

  it('refuses the bidi override that prints "Dose 05 mg." as "Dose 50 mg.", naming line, column and code point', async () => {
    const { file, document } = await read(topic('Dose \u202e05\u202c mg.\n'));
    expect(document).toBeNull();
    expect(places(file)).toEqual([
      ['bidi-control', BODY, 6],
      ['bidi-control', BODY, 9],
    ]);
    expect(file.messages[0]?.reason).toMatch(/^Bidirectional control U\+202E \(right-to-left override\): it reorders the characters after it/);
  });

  it('finds them in every text a topic shows', async () => {
    const text = topic(
      [
        '## Dose\u202d',
        'Take \u2066five\u2069 tablets.',
        '- Item \u2067one',
        '| Drug | Dose\u2068 |\n| --- | --- |\n| A | 5 mg |',
        '![Picture\u200f](missing.png)',
        'See [the \u202eleaflet](https://example.org/\u061c).',
        ':::warning[Call \u202b911]\nNow.\n:::',
      ].join('\n\n') + '\n',
      { title: 'Test \u202a topic', summary: 'A topic\u200e for tests.' },
    );
    const { file } = await read(text);
    const found = file.messages.filter((message) => message.ruleId === 'bidi-control');
    expect(found.map((message) => [message.line, /U\+[0-9A-F]{4}/.exec(message.reason)?.[0]])).toEqual([
      [2, 'U+202A'],
      [3, 'U+200E'],
      [BODY, 'U+202D'],
      [BODY + 2, 'U+2066'],
      [BODY + 2, 'U+2069'],
      [BODY + 4, 'U+2067'],
      [BODY + 6, 'U+2068'],
      [BODY + 10, 'U+200F'],
      [BODY + 12, 'U+202E'],
      [BODY + 12, 'U+061C'],
      [BODY + 14, 'U+202B'],
    ]);
  });

  it('finds them written as character references or YAML escapes', async () => {
    const { file } = await read(topic('Dose &#x202E;05&#x202C; mg.\n\nSee&rlm; or&shy;\n', { summary: '"A \\u2066topic"' }));
    expect(file.messages.map((message) => [message.ruleId, message.line, /U\+[0-9A-F]{4}/.exec(message.reason)?.[0], message.reason.endsWith('(written as a character reference)') || message.reason.endsWith('(written as an escape)')])).toEqual([
      ['bidi-control', 3, 'U+2066', true],
      ['bidi-control', BODY, 'U+202E', true],
      ['bidi-control', BODY, 'U+202C', true],
      ['bidi-control', BODY + 2, 'U+200F', true],
      ['invisible-character', BODY + 2, 'U+00AD', true],
    ]);
  });

  it('refuses invisible characters that change what is printed or read', async () => {
    const samples = ['5\u200b0 mg', 'a\u200cb', 'a\u200db', 'word\u2060joiner', 'in\ufefftext', '2\u2062x', '1\u2064½', '10\u00ad0 mg', 'a\u180eb', 'hidden\u{e0041}tag', 'blank\u3164letter', '\u206eshapes'];
    const { file } = await read(topic(`${samples.join('\n\n')}\n`));
    expect(rules(file).every((rule) => rule === 'invisible-character')).toBe(true);
    expect(codePoints(file)).toEqual(['U+200B', 'U+200C', 'U+200D', 'U+2060', 'U+FEFF', 'U+2062', 'U+2064', 'U+00AD', 'U+180E', 'U+E0041', 'U+3164', 'U+206E']);
    expect(file.messages.map((message) => message.line)).toEqual(samples.map((_, index) => BODY + 2 * index));
    expect(file.messages[0]?.reason).toBe(
      'Invisible character U+200B (zero width space): it splits or joins words and numbers without being seen ("5\\u200b0" prints as 50, but search, copying and the translation checks read 5 and 0). Delete it; it is allowed only between letters of Thai, Lao, Khmer or Burmese',
    );
  });

  it('allows joiners and breaks where a script needs them', async () => {
    const needed = [
      'می\u200cخواهم', // Persian: a non-joiner inside a word
      'क्\u200dष', // Devanagari: a half form after the virama
      'ශ්\u200dරී', // Sinhala: a conjunct
      'สวัสดี\u200bครับ', // Thai: a word break
      '👨\u200d👩\u200d👧', // emoji joined into one
      'medi\u00adcation', // a hyphenation point inside a word
      'ᠬᠠᠷ\u180eᠠ', // Mongolian: a vowel separator
    ];
    const { file, document } = await read(topic(`${needed.join('\n\n')}\n`));
    expect(file.messages).toEqual([]);
    expect(document).not.toBeNull();
  });
});

/** The PNG signature and a chunk with its length and CRC. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A real black 1-bit PNG: a few kB on disk, `width` × `height` pixels once decoded. */
function blackPng(width: number, height: number, keep = 1): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth; colour type 0 (grey), compression, filter, interlace 0
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8)));
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows.subarray(0, Math.floor(rows.length * keep)))), chunk('IEND', Buffer.alloc(0))]);
}

describe('limits instead of crashes', () => {
  it('reports a malformed % in an image path instead of throwing', async () => {
    const { file, document } = await read(topic('Text.\n\n![x](%)\n\n![y](%E0%A4%A.png)\n'));
    expect(document).toBeNull();
    expect(places(file)).toEqual([
      ['image-path', BODY + 2, 1],
      ['image-path', BODY + 4, 1],
    ]);
    expect(file.messages[0]?.reason).toBe('Image path % has a % that does not start an escape such as %20; write a % sign as %25');
  });

  it('refuses deep nesting before the parser meets it', async () => {
    const quotes = await read(topic(`${'>'.repeat(3000)} deep\n`));
    expect(places(quotes.file)).toEqual([['nesting-depth', BODY, 1]]);
    expect(quotes.file.messages[0]?.reason).toBe(
      'This line is nested or indented more than 20 levels deep (block quotes, lists, callouts, level blocks, emphasis and links inside one another); flatten it',
    );
    // A level a line, nested by indentation: the estimate (a level for 4 columns) passes 20 at the 41st.
    const lists = await read(topic(Array.from({ length: 100 }, (_, index) => `${'  '.repeat(index)}- item ${index}\n`).join('')));
    expect(places(lists.file)).toEqual([['nesting-depth', BODY + 40, 1]]);
    const blocks = await read(topic(`${Array.from({ length: 25 }, (_, index) => `${':'.repeat(30 - index)}warning\n`).join('')}x\n`));
    expect(places(blocks.file)).toEqual([['nesting-depth', BODY + 20, 1]]);
  });

  it('counts nesting exactly once parsed: 20 levels are fine, the 21st is refused where it starts', async () => {
    const nested = (levels: number) => topic(Array.from({ length: levels }, (_, index) => `${'  '.repeat(index)}- item ${index}\n`).join(''));
    const twenty = await read(nested(20));
    expect(twenty.file.messages).toEqual([]);
    const deeper = await read(nested(25));
    expect(places(deeper.file)).toEqual([['nesting-depth', BODY + 20, 41]]);
    expect(deeper.file.messages[0]?.reason).toMatch(/^Nested more than 20 levels deep/);
    // Emphasis and links count too.
    const inline = await read(topic(`${'> '.repeat(18)}***[x](https://example.org)***\n`));
    expect(rules(inline.file)).toEqual(['nesting-depth']);
  });

  it('refuses a topic file over 256 KiB before reading it', async () => {
    const { file } = await read(topic(`${'Short paragraph of text.\n\n'.repeat(11000)}`));
    expect(file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['topic-too-large', 1, expect.stringMatching(/^Topic file is 286,\d{3} bytes; at most 262,144: split it into several topics$/)],
    ]);
  });

  it('refuses a run of lines over 16 KiB, and a paragraph of over 256 emphasis marks, where the parser slows down faster than the text grows', async () => {
    const started = Date.now();
    const { file } = await read(topic(`Fine.\n\n${'word '.repeat(4000)}\n\nFine.\n`));
    expect(places(file)).toEqual([['block-too-large', BODY + 2, 1]]);
    expect(file.messages[0]?.reason).toBe(`Line ${BODY + 2}: 20,001 characters without a blank line between them; at most 16,384: put blank lines between paragraphs, or split the list or table`);
    // 16 kB of nested emphasis took the parser 50 s.
    const nested = await read(topic(`Fine.\n\n${'*'.repeat(8000)}x${'*'.repeat(8000)}\n`));
    expect(nested.file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['block-too-large', BODY + 2, `Line ${BODY + 2}: 16,000 emphasis marks and brackets (* _ ~ [ ]) in one paragraph or list item; at most 256, beyond which reading Markdown slows down sharply: split it`],
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    // Each list item is a paragraph of its own; lines to write on never pair.
    const fine = await read(topic(`${'- **Do** [this](https://example.org) *now*\n'.repeat(100)}\nName: ${'_'.repeat(80)} Date: ______\n`));
    expect(fine.file.messages).toEqual([]);
  });

  it('refuses a word longer than a line holds, but not web addresses or text without spaces', async () => {
    const long = `${'x'.repeat(101)}`;
    const { file } = await read(
      topic(`Fine.\n\nA ${long} word.\n\n[link](https://example.org/${'a'.repeat(500)})\n\n${'中文'.repeat(150)}\n\nhttps://example.org/${'b'.repeat(2100)}\n`, { summary: `About ${'y'.repeat(120)}` }),
    );
    expect(places(file)).toEqual([
      ['word-too-long', 3, 1],
      ['word-too-long', BODY + 2, 1],
      ['word-too-long', BODY + 8, 1],
    ]);
    expect(file.messages[1]?.reason).toBe('A word of 101 characters (“xxxxxxxxxxxxxxxxxxxxxxxx…”) is longer than 100: no line holds it, and it cannot be printed whole; break it with spaces or shorten it');
    expect(file.messages[2]?.reason).toMatch(/^A web address of 2,120 characters .* is longer than 2,048/);
    // No-break spaces join what they separate: they stay in the text, and a run joined by them is one word.
    const joined = await read(topic(`Take 5&nbsp;mg or 5\u00a0mg.\n\n${'ab\u00a0'.repeat(40)}end\n`));
    expect(joined.document).toBeNull();
    expect(places(joined.file)).toEqual([['word-too-long', BODY + 2, 1]]);
    const dose = await read(topic('Take 5&nbsp;mg or 5\u00a0mg,\nwith water.\n'));
    expect(dose.document?.blocks).toMatchObject([{ type: 'paragraph', text: { content: [{ type: 'text', value: 'Take 5\u00a0mg or 5\u00a0mg, with water.' }] } }]);
  });

  it('refuses oversized front matter, too many fields and YAML aliases, quickly', async () => {
    const started = Date.now();
    const large = await read(topic('Text.\n', { summary: 'z'.repeat(20000) }));
    expect(places(large.file)).toEqual([['front-matter-too-large', 1, 1]]);
    const keys = (count: number) => `---\n${Array.from({ length: count }, (_, index) => `k${index}: 1`).join('\n')}\n---\nText.\n`;
    expect(places((await read(keys(10_000))).file)).toEqual([['front-matter-too-large', 1, 1]]);
    expect(places((await read(keys(100_000))).file)).toEqual([['topic-too-large', 1, 1]]);
    const fields = await read(topic('Text.\n', Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`extra${index}`, 'x']))));
    expect(fields.file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['front-matter-too-large', 2, 'Front matter has 26 fields; a topic has six: title, summary, language, levels, reviewed and version, and may have languages'],
    ]);
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [${`*${'abcdefghi'[index]},`.repeat(9).slice(0, -1)}]`)];
    const bomb = await read(`---\n${laughs.join('\n')}\ntitle: T\n---\nText.\n`);
    expect(places(bomb.file)).toEqual([['front-matter-yaml', 3, 8]]);
    expect(bomb.file.messages[0]?.reason).toBe('Front matter uses a YAML alias (*a): write the value out');
    const deep = await read(topic('Text.\n', { summary: `${'['.repeat(5000)}${']'.repeat(5000)}` }));
    expect(rules(deep.file)).toContain('front-matter-yaml');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses an image over 25 megapixels from its header, before anything decodes it', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![Bomb](bomb.png)\n\n![Photo](huge.jpg)\n\n![Most](most.png)\n\n![Cut](cut.png)\n') });
    await writeFile(path.join(project.contentDir, 'bomb.png'), blackPng(20000, 20000));
    await writeFile(path.join(project.contentDir, 'most.png'), blackPng(5000, 5000));
    await writeFile(path.join(project.contentDir, 'cut.png'), blackPng(400, 400, 0.5));
    // A real JPEG whose frame header then claims 30,000 × 30,000 pixels.
    const photo = Buffer.from(createCanvas(8, 8).toBuffer('image/jpeg'));
    const frame = photo.indexOf(Buffer.from([0xff, 0xc0]));
    photo.writeUInt16BE(30000, frame + 5);
    photo.writeUInt16BE(30000, frame + 7);
    await writeFile(path.join(project.contentDir, 'huge.jpg'), photo);
    const { file } = await readTopic(project, 'sample');
    expect(places(file)).toEqual([
      ['image-too-large', BODY, 1],
      ['image-too-large', BODY + 2, 1],
      ['image-corrupt', BODY + 6, 1],
    ]);
    expect(file.messages[0]?.reason).toBe(
      'Image bomb.png is 20,000 × 20,000 pixels (400.0 megapixels); at most 25 megapixels: scale it down (300 pixels per inch of its printed size is plenty)',
    );
    expect(file.messages[2]?.reason).toBe('Image cut.png is truncated: it has 10200 of the 20400 bytes of pixel data its size needs');
  });
});

describe('files stay inside the project', () => {
  it('refuses a topic linked from outside the project, and reads one linked from inside', async () => {
    const elsewhere = await outsideFolder();
    await writeFile(path.join(elsewhere, 'secret.md'), topic('Outside text.\n'));
    const project = await tempProject({ 'drafts/real.md': topic('Inside text.\n') });
    await symlink(path.join(elsewhere, 'secret.md'), path.join(project.contentDir, 'escape.md'));
    await symlink(path.join(project.root, 'drafts/real.md'), path.join(project.contentDir, 'linked.md'));
    expect(await listTopics(project)).toEqual(['escape', 'linked']);
    const escape = await readTopic(project, 'escape');
    expect(escape.document).toBeNull();
    expect(escape.file.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['topic-path', `Topic file content/escape.md is a link to ${path.join(elsewhere, 'secret.md')}, outside the project folder; copy the file into content/`],
    ]);
    const linked = await readTopic(project, 'linked');
    expect(linked.file.messages).toEqual([]);
    expect(linked.document?.blocks).toMatchObject([{ type: 'paragraph', text: { source: 'Inside text.' } }]);
  });

  it('refuses an image linked from outside content/, and reads one linked from inside', async () => {
    const elsewhere = await outsideFolder();
    await writeFile(path.join(elsewhere, 'photo.png'), png(4, 4));
    const project = await tempProject({ 'content/sample.md': topic('![Outside](outside.png)\n\n![Inside](inside.png)\n'), 'content/images/real.png': '' });
    await writeFile(path.join(project.contentDir, 'images/real.png'), png(4, 4));
    await symlink(path.join(elsewhere, 'photo.png'), path.join(project.contentDir, 'outside.png'));
    await symlink(path.join(project.contentDir, 'images/real.png'), path.join(project.contentDir, 'inside.png'));
    const { file } = await readTopic(project, 'sample');
    expect(file.messages.map((message) => [message.ruleId, message.line, message.reason])).toEqual([
      ['image-path', BODY, `Image outside.png is a link to ${path.join(elsewhere, 'photo.png')}, outside the content folder; copy the image under content/`],
    ]);
  });

  it('refuses a catalog linked from outside the project', async () => {
    const elsewhere = await outsideFolder();
    await writeFile(path.join(elsewhere, 'care.json'), '{"title":"Cuidado"}');
    const project = await tempProject();
    await symlink(path.join(elsewhere, 'care.json'), path.join(project.localesDir, 'es/care.json'));
    const catalog = await loadCatalog(project, 'es', 'care');
    expect(catalog.values).toEqual({});
    expect(catalog.file.messages.map((message) => [message.ruleId, message.fatal, message.reason])).toEqual([
      ['catalog-json', true, `Catalog is a link to ${path.join(elsewhere, 'care.json')}, outside the project folder`],
    ]);
  });

  it('refuses a clinic logo linked from outside the project', async () => {
    const elsewhere = await outsideFolder();
    const project = await tempProject();
    const logo = path.join(project.root, 'assets/riverside-logo.svg');
    await writeFile(path.join(elsewhere, 'logo.svg'), await readFile(logo));
    await rm(logo);
    await symlink(path.join(elsewhere, 'logo.svg'), logo);
    const refused = await openProject(project.root).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).file.messages.map((message) => message.reason)).toEqual([
      `clinic riverside: logo assets/riverside-logo.svg is a link to ${path.join(elsewhere, 'logo.svg')}, outside the project folder`,
    ]);
  });

  it('refuses a pipe in place of a topic or an image instead of waiting on it forever', async () => {
    const project = await tempProject({ 'content/sample.md': topic('![Pipe](pipe.png)\n') });
    execFileSync('mkfifo', [path.join(project.contentDir, 'piped.md'), path.join(project.contentDir, 'pipe.png')]);
    expect(rules((await readTopic(project, 'piped')).file)).toEqual(['topic-unreadable']);
    expect(places((await readTopic(project, 'sample')).file)).toEqual([['image-unreadable', BODY, 1]]);
  });
});

describe('segment keys', () => {
  it('never gives two segments one key: a heading "Intro", headings without a slug, a heading "Section"', async () => {
    const { file, document } = await read(topic('Before.\n\n## Intro\n\nAfter.\n\n## !!!\n\nOne.\n\n## ???\n\nTwo.\n\n## Section\n\nThree.\n'));
    expect(file.messages).toEqual([]);
    const keys = [...walkSegments(document!.blocks)].map(([segment]) => segment.key);
    expect(keys).toEqual(['intro.p1', 'intro-1.h1', 'intro-1.p1', 'section.h1', 'section.p1', 'section-1.h1', 'section-1.p1', 'section-2.h1', 'section-2.p1']);
  });

  it('keeps every key of the sample topic: its translations are stored under them', async () => {
    const project = await openProject(REPO_ROOT);
    const { document } = await readTopic(project, 'recurrent-hemifacial-spasm');
    const keys = ['title', 'summary', ...[...walkSegments(document!.blocks)].map(([segment]) => segment.key)];
    const stored = JSON.parse(await readFile(path.join(REPO_ROOT, 'locales/es/recurrent-hemifacial-spasm.json'), 'utf8')) as Record<string, string>;
    expect(keys).toEqual(Object.keys(stored));
  });
});

describe('hostile topics next to a good one, through the command line', () => {
  const run = promisify(execFile);
  const handout = async (root: string, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [path.join(REPO_ROOT, 'bin/handout.js'), '--root', root, ...args], { env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  };

  async function hostileProject(): Promise<Project> {
    const elsewhere = await outsideFolder();
    await writeFile(path.join(elsewhere, 'photo.png'), png(4, 4));
    const plain = { levels: '[plain]' };
    const project = await tempProject({
      'content/care.md': `\ufeff${topic('## Rest\n\nRest well and drink water.\n', plain).replace(/\n/g, '\r\n')}`,
      'content/empty-front.md': '---\n# to do\n---\nText.\n',
      'content/override.md': topic('Dose \u202e05\u202c mg.\n', plain),
      'content/percent.md': topic('Text.\n\n![x](%)\n', plain),
      'content/deep.md': topic(`${'>'.repeat(3000)} deep\n`, plain),
      'content/laughs.md': '---\na: &a [x, x]\nb: [*a, *a]\ntitle: T\n---\nText.\n',
      'content/linked-image.md': topic('![Photo](photo.png)\n', plain),
    });
    await writeFile(path.join(project.contentDir, 'latin1.md'), Buffer.concat([Buffer.from(topic('Caf', plain)), Buffer.from([0xe9, 0x0a])]));
    await symlink(path.join(elsewhere, 'photo.png'), path.join(project.contentDir, 'photo.png'));
    return project;
  }
  const expectedMessages = [
    /content\/deep\.md\n\s*9:1\s+error\s+This line is nested or indented more than 20 levels deep .*nesting-depth/,
    /content\/empty-front\.md\n\s*1:1\s+error\s+Front matter is empty.*front-matter-empty/,
    /content\/latin1\.md\n\s*9:4\s+error\s+Byte 0xE9 is not UTF-8.*invalid-utf8/,
    /content\/laughs\.md\n\s*3:5\s+error\s+Front matter uses a YAML alias \(\*a\).*front-matter-yaml/,
    /content\/linked-image\.md\n\s*9:1\s+error\s+Image photo\.png is a link to .*, outside the content folder.*image-path/,
    /content\/override\.md\n\s*9:6\s+error\s+Bidirectional control U\+202E .*bidi-control/,
    /content\/percent\.md\n\s*11:1\s+error\s+Image path % has a % that does not start an escape.*image-path/,
  ];

  it('check and build report each with file, line and rule, exit 1, and build the good topic only', async () => {
    const project = await hostileProject();
    const checked = await handout(project.root, 'check', '--lang', 'en');
    expect(checked.code).toBe(1);
    for (const expected of expectedMessages) expect(checked.stderr).toMatch(expected);
    expect(checked.stderr).not.toMatch(/\n\s+at /);

    const built = await handout(project.root, 'build', '--lang', 'en', '--level', 'plain');
    expect(built.code).toBe(1);
    for (const expected of expectedMessages) expect(built.stderr).toMatch(expected);
    expect(built.stderr).not.toMatch(/\n\s+at /);
    expect(built.stdout).toContain('built   care en plain handout');
    // Nothing of a bad topic is written, and no temporary file is left.
    expect((await readdir(project.outputDir)).sort()).toEqual(['care', 'manifest.json']);
    expect(await readdir(path.join(project.outputDir, 'care'))).toEqual(['care.plain.en.handout.pdf']);
    const manifest = JSON.parse(await readFile(path.join(project.outputDir, 'manifest.json'), 'utf8')) as { editions: { topic: string }[] };
    expect(manifest.editions.map((edition) => edition.topic)).toEqual(['care']);
  });

  it('i18n sync and status report the bad topics instead of crashing, and sync the good one', async () => {
    const project = await hostileProject();
    const synced = await handout(project.root, 'i18n', 'sync', '--lang', 'es');
    expect(synced.code).toBe(1);
    expect(synced.stderr).toMatch(expectedMessages.at(-1)!);
    expect(synced.stderr).not.toMatch(/\n\s+at /);
    const meta = JSON.parse(await readFile(path.join(project.localesDir, 'es/care.meta.json'), 'utf8')) as { segments: object };
    expect(Object.keys(meta.segments)).toEqual(['title', 'summary', 'rest.h1', 'rest.p1']);
    expect((await readdir(path.join(project.localesDir, 'es'))).filter((name) => name.startsWith('percent'))).toEqual([]);
    const status = await handout(project.root, 'i18n', 'status', '--lang', 'es');
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(expectedMessages.at(-1)!);
  });
});
