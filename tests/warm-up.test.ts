import { describe, expect, it } from 'vitest';
import { renderPool } from '../src/index.ts';
import { prepareEdition, topicContext } from '../src/prepare/index.ts';
import { uiSource } from '../src/i18n/catalog.ts';
import { readTopic } from '../src/reader/index.ts';
import { rendererDigest } from '../src/render/digest.ts';
import { warmUp } from '../src/render/engine.ts';
import { typographyFor } from '../src/render/typography.ts';
import { tempProject } from './helpers/project.ts';

const TOPIC = 'recurrent-hemifacial-spasm';

describe('a render worker warmed up before its first edition', () => {
  it('renders the same bytes as a worker that did not warm up, whether the warm-up ended or an edition stopped it', async () => {
    const project = await tempProject({}, { withSamples: true });
    const { document, file } = await readTopic(project, TOPIC);
    const context = await topicContext(project, document!, file, await uiSource(project), ['en', 'ru'], rendererDigest());
    const prepared = (language: string) => prepareEdition(context, { topic: TOPIC, language, level: 'plain', format: 'handout', paper: 'letter', clinic: null }, { draft: false });
    const english = project.config.languages.en!;
    const [cold, warmed, interrupted] = [renderPool(1), renderPool(1), renderPool(1)];
    try {
      // Warmed up to its end (no edition sent meanwhile); interrupted by an edition sent at once.
      await warmed.warmUp('en', english);
      const stopped = interrupted.warmUp('en', english);
      for (const language of ['en', 'ru']) {
        const [a, b, c] = await Promise.all([cold, warmed, interrupted].map((pool) => pool.render(prepared(language))));
        expect(Buffer.from(b!.bytes).equals(Buffer.from(a!.bytes)), `${language}, warmed up`).toBe(true);
        expect(Buffer.from(c!.bytes).equals(Buffer.from(a!.bytes)), `${language}, warm-up interrupted`).toBe(true);
      }
      await stopped;
    } finally {
      await Promise.all([cold, warmed, interrupted].map((pool) => pool.destroy()));
    }
  });

  it('renders in the typography it is given without failing (a pool swallows its failure: the edition reports its own)', async () => {
    const project = await tempProject({}, { withSamples: true });
    for (const language of ['en', 'ar', 'zh-Hans']) {
      await expect(warmUp(typographyFor(language, project.config.languages[language]!), () => false)).resolves.toBeUndefined();
    }
  });
});
