/**
 * The HTML edition's one inline stylesheet. Logical properties throughout
 * (margin-inline-start, not margin-left) so a right-to-left edition mirrors
 * itself from `dir` alone.
 */

/**
 * Every colour the page uses, each pair tested at 4.5:1 or more (3:1 for the
 * focus ring, which is not text). Text in the brand colour, which is checked
 * only against white, is never put on a tinted background.
 */
export const palette = {
  text: '#1a1a1a',
  muted: '#4a4a4a',
  background: '#ffffff',
  rule: '#767676',
  warning: '#a4161a',
  notice: '#8a5a00',
  noticeBackground: '#fff6e0',
  draft: '#b0101c',
  draftText: '#ffffff',
  focus: '#1a1a1a',
} as const;

const HEX_COLOUR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/** The stylesheet in a clinic's brand colour (already checked for 4.5:1 on white). */
export function htmlStyles(brand: string): string {
  // The colour goes into raw <style> text, which React does not escape.
  if (!HEX_COLOUR.test(brand)) throw new Error(`brandColor must be a hex colour, got ${JSON.stringify(brand)}`);
  const c = palette;
  return `
:root { color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 40em;
  font-family: "Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic", "Noto Sans SC", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.6; color: ${c.text}; background: ${c.background};
  overflow-wrap: break-word;
}
p, li, td, th, figcaption { hyphens: auto; }
h1, h2, h3, h4, h5, h6 { color: ${brand}; line-height: 1.25; margin-block: 1.5em 0.5em; }
h1 { font-size: 2rem; margin-block-start: 0.5em; }
h2 { font-size: 1.5rem; }
h3 { font-size: 1.25rem; }
h4, h5, h6 { font-size: 1.0625rem; }
p, ul, ol, blockquote, figure { margin-block: 0 1em; }
ul, ol { padding-inline-start: 1.75em; }
li { margin-block-end: 0.35em; }
li > p { margin-block-end: 0.35em; }
a { color: ${brand}; text-decoration: underline; text-underline-offset: 0.15em; }
/* Every focusable thing, the scrollable table wrappers included. */
:focus-visible {
  outline: 3px solid ${c.focus}; outline-offset: 2px;
}
.skip-link {
  position: absolute; inset-block-start: -100em; inset-inline-start: 0.5rem;
  padding: 0.5em 1em; background: ${c.background}; color: ${c.text};
  border: 2px solid ${c.text}; z-index: 1;
}
.skip-link:focus { inset-block-start: 0.5rem; }
.masthead { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; padding-block-end: 0.75rem; border-block-end: 2px solid ${brand}; }
.masthead img { display: block; block-size: 3.5rem; inline-size: auto; max-inline-size: 100%; }
.clinic-name { margin: 0; font-weight: 700; font-size: 1.125rem; }
.summary { font-size: 1.1875rem; }
.draft-banner {
  margin-block: 0.5rem 1rem; padding: 0.75em 1em; background: ${c.draft}; color: ${c.draftText};
  font-weight: 700; font-size: 1.25rem; text-align: center; border-radius: 0.25rem;
}
.draft-watermark { display: none; }
.notice { padding: 0.75em 1em; border: 2px solid ${c.notice}; background: ${c.noticeBackground}; color: ${c.text}; font-weight: 700; }
blockquote { margin-inline: 0; padding-inline-start: 1em; border-inline-start: 4px solid ${c.rule}; }
hr { border: 0; border-block-start: 1px solid ${c.rule}; margin-block: 1.5em; }
figure { margin-inline: 0; }
figure img { display: block; max-inline-size: 100%; block-size: auto; }
figcaption { color: ${c.muted}; font-size: 1rem; margin-block-start: 0.35em; }
.table-scroll { overflow-x: auto; margin-block: 0 1em; }
table { border-collapse: collapse; min-inline-size: 100%; }
th, td { padding: 0.4em 0.6em; border: 1px solid ${c.rule}; text-align: start; vertical-align: top; }
th { font-weight: 700; border-block-end-width: 2px; }
.align-start { text-align: start; }
.align-center { text-align: center; }
.align-end { text-align: end; }
/* A Latin-only run (a dose, a phone number) laid out left to right, still on the right-hand side. */
[dir="rtl"] .ltr-run { text-align: right; }
.callout { margin-block: 1.25em; padding: 0.25em 1em 0.5em; border: 1px solid ${c.rule}; border-inline-start-width: 6px; }
.callout > :first-child { margin-block-start: 0.5em; }
.callout-warning { border-color: ${c.warning}; }
.callout-warning > .callout-title { color: ${c.warning}; }
.call-clinic { font-weight: 700; color: ${c.warning}; }
.callout-questions { border-color: ${brand}; }
.site-index { list-style: none; padding-inline-start: 0; }
.site-index li { margin-block-end: 0.75em; }
.site-index a { display: block; padding-block: 0.25em; }
.index-name { display: block; font-weight: 700; font-size: 1.1875rem; }
.index-detail { display: block; }
.pdf-editions { margin-block-start: 2.5em; }
.pdf-editions h2 { font-size: 1.25rem; }
footer { margin-block-start: 2.5em; padding-block-start: 0.75em; border-block-start: 1px solid ${c.rule}; color: ${c.muted}; font-size: 1rem; }
footer h2 { font-size: 1.0625rem; margin-block: 0.75em 0.25em; }
address { font-style: normal; }
address p, .identity { margin-block: 0 0.25em; }
@media print {
  @page { margin: 18mm 16mm; }
  body { max-width: none; padding: 0; font-size: 12pt; }
  /* Links to the PDFs are for the screen; on paper they would only print their names. */
  .skip-link, .pdf-editions { display: none; }
  a { color: inherit; }
  /* Paper cannot be clicked: print where a link goes, as the PDF editions do. */
  a[data-print]::after { content: " (" attr(data-print) ")"; }
  .table-scroll { overflow: visible; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  figure, tr, .callout, .notice { break-inside: avoid; }
  .draft-banner, .notice, h1, h2, h3, h4, h5, h6 { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  /* Fixed content repeats on every printed page, so each sheet of a draft says so. */
  .draft-watermark {
    display: block; position: fixed; inset-block-start: 45%; inset-inline: 0; text-align: center;
    font-size: 3rem; font-weight: 700; color: ${c.draft}; opacity: 0.18; transform: rotate(-30deg);
    print-color-adjust: exact; -webkit-print-color-adjust: exact;
  }
  /* Room under each question for the patient's notes, as on the handout. */
  .callout-questions li { break-inside: avoid; }
  .callout-questions li::after { content: ""; display: block; block-size: 2.2em; border-block-end: 1px solid ${c.rule}; }
}
`;
}
