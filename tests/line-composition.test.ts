import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, editionPath, prepareEdition, renderEdition, type PreparedEdition } from '../src/index.ts';
import type { PdfEngine } from '../src/formats/index.ts';
import { pdfEngine } from '../src/render/engine.ts';
import { editionSegments, printedText } from '../src/formats/layout-check.ts';
import { hyphenatorFor } from '../src/typesetting/hyphenation.ts';
import { continuesParagraph, hyphenatedEnds, printedLines, type PrintedLine } from './helpers/lines.ts';
import { readPdf, spaceSqueezes } from './helpers/pdf.ts';
import { tempProject, topic } from './helpers/project.ts';

/** Everything an edition prints besides its layout: to tell a word's own hyphen from one a line break added. */
function printedSource(prepared: PreparedEdition): string {
  const texts = [...editionSegments(prepared.document).map(printedText), JSON.stringify(prepared.labels), JSON.stringify(prepared.clinic), prepared.online?.url ?? ''];
  return texts.join('\n');
}

const describeEnd = (end: { line: PrintedLine; next: PrintedLine }) => `p.${end.line.page} "${end.line.text.slice(-30)}" / "${end.next.text.slice(0, 30)}"`;

describe('line composition of every sample PDF edition (all languages, levels and formats)', async () => {
  const project = await tempProject({}, { withSamples: true, configuredFormats: true });
  const result = await build(project, {});
  const editions = await Promise.all(
    result.editions
      .filter((edition) => !edition.error && edition.spec.format !== 'html')
      .map(async (edition) => {
        const { prepared } = await prepareEdition(project, edition.spec);
        const bytes = await readFile(path.join(project.outputDir, editionPath(edition.spec)));
        const pdf = await readPdf(bytes);
        const lines = printedLines(pdf.pages);
        const { language, level, format } = edition.spec;
        return { name: `${language} ${level} ${format}`, spec: edition.spec, prepared: prepared!, lines, ends: hyphenatedEnds(lines, printedSource(prepared!)), squeezes: await spaceSqueezes(bytes) };
      }),
  );

  it('builds every PDF edition', () => {
    expect(result.editions.filter((edition) => edition.error).map((edition) => `${edition.spec.language} ${edition.spec.level} ${edition.spec.format}: ${edition.error}`)).toEqual([]);
    expect(editions).toHaveLength(63);
  });

  it('keeps the natural word space on ragged lines: no space drawn narrower than the font’s own (React-PDF squeezed them by up to a third to fit one more word)', () => {
    let spaces = 0;
    for (const { name, squeezes } of editions) {
      spaces += squeezes.length;
      // Thousandths of an em: 1 is rounding; Noto Sans's space is 260 wide, and the squeeze reached 90. A space
      // drawn with no width at all is not between words but at a line's edge (right to left, where a line wraps).
      const squeezed = squeezes.filter(({ squeeze, width }) => squeeze > 1 && squeeze < width - 1);
      expect(squeezed.map(({ squeeze }) => squeeze), name).toEqual([]);
    }
    expect(spaces).toBeGreaterThan(10_000);
  });

  it('never breaks a word with a hyphen in a plain-level or large-print edition', () => {
    const unbroken = editions.filter(({ spec }) => spec.level === 'plain' || spec.format === 'large-print');
    expect(unbroken).toHaveLength(42);
    for (const { name, ends } of unbroken) expect(ends.map(describeEnd), name).toEqual([]);
  });

  it('hyphenates the detailed editions (the checks below have work to do) with at most two hyphenated lines in a row, never into a paragraph’s last line', () => {
    const hyphenated = editions.filter(({ spec }) => spec.level === 'detailed' && spec.format !== 'large-print');
    const total = hyphenated.reduce((sum, { ends }) => sum + ends.length, 0);
    expect(total).toBeGreaterThan(20);
    for (const { name, lines, ends } of hyphenated) {
      const broken = new Set(ends.map((end) => end.line));
      const ladders = lines.filter((line, index) => index >= 2 && [line, lines[index - 1]!, lines[index - 2]!].every((rung) => broken.has(rung)) && continuesParagraph(lines[index - 2]!, lines[index - 1]) && continuesParagraph(lines[index - 1]!, line));
      expect(ladders.map((line) => `p.${line.page} "${line.text.slice(-30)}"`), `${name}: ladders`).toEqual([]);
      const lastLineTails = ends.filter((end) => {
        const after = lines[lines.indexOf(end.next) + 1];
        // The next line down on the page, in the paragraph's size, is the paragraph going on; a page's last line may go on overleaf.
        const lastOnPage = !lines.some((line) => line.page === end.next.page && line.y < end.next.y && Math.abs(line.size - end.next.size) < 0.1);
        return continuesParagraph(end.line, end.next) && !continuesParagraph(end.next, after) && !lastOnPage;
      });
      expect(lastLineTails.map(describeEnd), `${name}: a paragraph's last line is a word's tail`).toEqual([]);
    }
  });

  it('keeps the rules within one layout of each one-column edition: a text breaking them is broken again at once, not the document laid out again', async () => {
    const engine = pdfEngine();
    let layouts = 0;
    const counting: PdfEngine = { renderPdf: (...args) => ((layouts += 1), engine.renderPdf(...args)) };
    const oneColumn = editions.filter(({ spec }) => spec.level === 'detailed' && ['handout', 'large-print', 'booklet'].includes(spec.format));
    expect(oneColumn).toHaveLength(21);
    const counts: string[] = [];
    for (const { name, prepared } of oneColumn) {
      layouts = 0;
      await renderEdition(prepared, counting);
      counts.push(`${name}: ${layouts}`);
    }
    expect(counts).toEqual(oneColumn.map(({ name }) => `${name}: 1`));
  });

  it('draws no hyphen in Chinese text: every hyphen at a line end in a Chinese edition is the source’s own', () => {
    const chinese = editions.filter(({ spec }) => spec.language === 'zh-Hans');
    expect(chinese).toHaveLength(9);
    for (const { name, ends } of chinese) expect(ends.map(describeEnd), name).toEqual([]);
  });

  it('fills Chinese lines: no line of a paragraph ends short of 85% of its column, as it did at the spaces around a Latin word (`在 MVD` / `过程中…`)', () => {
    // The plain editions: no tables, whose narrow cells make the column hard to tell from the page.
    const chinese = editions.filter(({ spec }) => spec.language === 'zh-Hans' && spec.level === 'plain');
    expect(chinese).toHaveLength(5);
    for (const { name, lines } of chinese) {
      // Body text: the size most lines are set in (not the footer's, nor headings').
      const sizes = lines.map((line) => line.size);
      const body = sizes.reduce((most, size) => (sizes.filter((other) => other === size).length > sizes.filter((other) => other === most).length ? size : most));
      const short = lines.filter((line, index) => {
        if (line.size !== body) return false;
        const next = lines[index + 1];
        // Chinese text going on in the next line down: not a list item after it, nor page furniture (the clinic's name, then its phone).
        const chineseText = [line, next].every((text) => text && /\p{Script=Han}/u.test(text.text));
        if (!chineseText || !continuesParagraph(line, next) || Math.abs(next!.left - line.left) > 1 || next!.text.trimStart().startsWith('•')) return false;
        const column = Math.max(...lines.filter((other) => other.page === line.page && Math.abs(other.left - line.left) < 1).map((other) => other.right)) - line.left;
        return line.right - line.left < 0.85 * column;
      });
      expect(short.map((line) => `p.${line.page} "${line.text}"`), name).toEqual([]);
    }
  });
});

describe('text in another language than the edition’s', () => {
  it('is not hyphenated with the edition’s patterns: a draft Spanish edition’s English fallback keeps its words whole', async () => {
    // Long English words the Spanish patterns would break (`ner-ve` style), in a paragraph with no Spanish translation.
    const sentence = 'Microvascular decompression relieves compression permanently, reconstructing neurovascular relationships comprehensively and successfully.';
    const body = `## Care\n\n${Array.from({ length: 6 }, () => sentence).join(' ')}\n`;
    const project = await tempProject({ 'content/care.md': topic(body, { levels: '[detailed]' }) });
    const result = await build(project, { languages: ['es', 'en'], formats: ['handout'], draft: true }, { jobs: 0 });
    expect(result.editions.map((edition) => `${edition.spec.language}: ${edition.error ?? 'printed'}`)).toEqual(['es: printed', 'en: printed']);
    const ends = async (language: string) => {
      const pdf = await readPdf(await readFile(path.join(project.outputDir, `care/care.detailed.${language}.handout.pdf`)));
      return hyphenatedEnds(printedLines(pdf.pages), body).map((end) => end.word);
    };
    // The same paragraph in the English edition is hyphenated (with English patterns): the Spanish edition's would be too, were it not kept whole.
    expect((await ends('en')).length).toBeGreaterThan(0);
    expect(await ends('es')).toEqual([]);
  });
});

describe('hyphenation points', () => {
  it('leave at least three letters on each side of a break, where the patterns would leave two (`es-pe-cial-ly`, `ге-ми-…-ный`)', () => {
    const words: Record<string, string[]> = { 'en-us': ['especially', 'abnormal', 'recurrence'], es: ['especially', 'espasmos', 'estómago', 'uniforme'], ru: ['гемифациальный', 'излечивают', 'избежать'] };
    for (const [patterns, list] of Object.entries(words)) {
      for (const word of list) {
        const parts = hyphenatorFor(patterns)(word);
        expect(parts.join(''), word).toBe(word);
        expect(parts.length, `${patterns} ${word} is still hyphenated`).toBeGreaterThan(1);
        expect([parts[0]!.length, parts.at(-1)!.length].every((length) => length >= 3), `${patterns} ${parts.join('-')}`).toBe(true);
      }
    }
  });
});
