// Needs Debian's chromium at /usr/bin/chromium (.ci/run installs it).
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frontDeskProject, manifestEntry, openDesk, PASSWORDS, TOPIC } from './helpers/frontdesk.ts';
import { mailConfig, testSmtp, type TestSmtp } from './helpers/smtp.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let root: string;
let desk: Awaited<ReturnType<typeof openDesk>>;
let smtp: TestSmtp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  smtp = await testSmtp();
  root = await frontDeskProject(mailConfig(smtp.port));
  // Plain HTTP on 127.0.0.1, as `handout serve` runs for testing: cookies not Secure.
  desk = await openDesk(root, { secureCookies: false });
  await desk.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(desk.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
});
afterAll(async () => {
  await browser?.close();
  await desk?.close();
  await smtp?.close();
});

/** axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules over the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
  expect(violations.map((violation) => `${page.url()}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('the front desk in a browser', () => {
  it('signs in, finds the handout in Spanish, previews, prints and emails it; every page passes axe', async () => {
    const context = await browser.newContext();
    // Counted in the top window of whichever page calls it (the print page's PDF frame calls its own).
    await context.addInitScript(() => {
      window.print = () => {
        const top = window.top as Window & { printCalls?: number };
        top.printCalls = (top.printCalls ?? 0) + 1;
      };
    });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectAccessible(page);
    await page.getByLabel('User name').fill('alice');
    await page.getByLabel('Password').fill(PASSWORDS.alice);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/search`);
    await expectAccessible(page);

    await page.getByLabel('Words from the title').fill('espasmo');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => page.getByRole('heading', { name: '1 topic found' }).count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Espasmo hemifacial que vuelve después de la cirugía' }).click();
    await page.waitForURL(`${base}/topics/${TOPIC}`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Choose Español plain' }).click();
    await page.waitForURL(/\/edition\?/);
    await expectAccessible(page);

    // Preview: the first page as an image, the PDF in a same-origin frame, the "open" link and the online edition.
    const preview = page.getByRole('img', { name: 'First page of the handout' });
    await expect.poll(async () => preview.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(500);
    const frameSource = await page.locator('iframe').getAttribute('src');
    expect(frameSource).toMatch(/^\/edition\/file\?/);
    expect(await page.getByRole('link', { name: 'Open the PDF' }).getAttribute('href')).toBe(frameSource);
    expect(await page.getByRole('link', { name: /^https:\/\/riverside-neuro\.example\.org\/handouts\// }).getAttribute('href')).toBe(`https://riverside-neuro.example.org/handouts/${TOPIC}/es/plain`);

    // Print: a new tab with the PDF, whose bytes are the build's; window.print called by frontdesk.js.
    const built = await manifestEntry(root, `${TOPIC}/${TOPIC}.plain.es.handout.pdf`);
    await page.getByLabel('Patient reference').fill('MRN-7731');
    // The bytes the server sent for the print tab's PDF, taken on their way to the browser (Chrome's PDF viewer hides a shown PDF's body from response.body()).
    const served: { type: string | undefined; bytes: Buffer }[] = [];
    await context.route(/\/edition\/file\?/, async (route) => {
      const response = await route.fetch();
      served.push({ type: response.headers()['content-type'], bytes: await response.body() });
      await route.fulfill({ response });
    });
    const [printTab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Print', exact: true }).click()]);
    await expect.poll(async () => served.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(served[0]!.type).toBe('application/pdf');
    expect(sha256(served[0]!.bytes)).toBe(built.sha256);
    await expect.poll(async () => printTab.evaluate(() => (window as Window & { printCalls?: number }).printCalls ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectAccessible(printTab);
    expect(await desk.records.deliveriesFor({ patientRef: 'MRN-7731' })).toMatchObject([{ staff: 'alice', channel: 'print', edition: { contentHash: built.contentHash } }]);
    await printTab.close();

    // Email: the in-process SMTP server gets the PDF, in Spanish, with the online link.
    await page.getByLabel("The patient's email address").fill('paciente@example.org');
    await page.getByLabel('The patient asked for email').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => page.getByRole('status').textContent(), { timeout: 30_000 }).toContain('The mail server accepted it');
    await expectAccessible(page);
    const message = smtp.received.at(-1)!;
    expect(message.to).toMatchObject({ value: [{ address: 'paciente@example.org' }] });
    expect(message.headers.get('content-language')).toBe('es');
    expect(message.subject).toBe('Su hoja informativa de Riverside Neurology Clinic');
    expect(message.text).toContain('Aquí tiene la hoja informativa que le dio su equipo de atención médica de Riverside Neurology Clinic.');
    expect(message.text).toContain(`https://riverside-neuro.example.org/handouts/${TOPIC}/es/plain`);
    expect(message.text).not.toMatch(/espasmo/i);
    const [attachment] = message.attachments;
    expect(attachment?.contentType).toBe('application/pdf');
    expect(sha256(attachment!.content)).toBe(built.sha256);

    // History and recall pages.
    await page.getByRole('link', { name: 'Patient history' }).click();
    await page.waitForURL(`${base}/history`);
    await expectAccessible(page);
    await page.getByLabel('Email address', { exact: true }).fill('paciente@example.org');
    await page.getByRole('button', { name: 'Show history' }).click();
    await page.waitForLoadState();
    await expect.poll(async () => page.getByRole('cell', { name: 'Emailed' }).count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page);
    await page.goto(`${base}/topics/${TOPIC}/recall`);
    await expectAccessible(page);
    await page.goto(`${base}/edition?topic=${TOPIC}&language=vi&level=plain&format=handout&paper=letter&clinic=riverside`);
    expect(await page.getByRole('heading', { name: 'Not for patients' }).count()).toBe(1);
    await expectAccessible(page);
    await context.close();
  }, 480_000);

  it('answers 50 concurrent preview requests, none lost', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('User name').fill('bob');
    await page.getByLabel('Password').fill(PASSWORDS.bob);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/search`);
    const cookie = (await context.cookies()).map(({ name, value }) => `${name}=${value}`).join('; ');
    // Half of them for an edition the build made, half for one rendered on demand (another clinic, A4).
    const urls = Array.from({ length: 50 }, (_, index) =>
      index % 2 === 0 ? `${base}/edition/preview.png?topic=${TOPIC}&language=zh-Hans&level=plain&format=handout&paper=letter&clinic=riverside` : `${base}/edition/preview.png?topic=${TOPIC}&language=en&level=detailed&format=handout&paper=a4&clinic=lakeside`,
    );
    const responses = await Promise.all(urls.map((url) => fetch(url, { headers: { cookie } })));
    const bodies = await Promise.all(responses.map(async (response) => ({ status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) })));
    expect(bodies.map((body) => body.status)).toEqual(Array(50).fill(200));
    expect(new Set(bodies.map((body) => body.type))).toEqual(new Set(['image/png']));
    expect(new Set(bodies.map((body) => sha256(body.bytes))).size).toBe(2);
    await context.close();
  });
});
