// @ts-check
// Architecture rules (issue #10): the layers of src/, lowest first. A module may import only from its
// own layer or lower ones. bin/, scripts/ and tests/ may import anything. Run with `npm run lint:layers`;
// `npm test` runs the same rules through tests/architecture.test.ts.

/**
 * The layers, lowest first, each with the path regexes (relative to the project root) of its modules.
 * Each layer gets one generated rule, `layer-<name>`.
 * @type {{ name: string, paths: string[] }[]}
 */
export const LAYERS = [
  { name: 'kernel', paths: ['^src/model/', '^src/messages/', '^src/files/', '^src/version[.]ts$'] },
  { name: 'fonts-typesetting', paths: ['^src/fonts/', '^src/typesetting/'] },
  { name: 'templates', paths: ['^templates/'] },
  { name: 'formats', paths: ['^src/formats/'] },
  { name: 'config', paths: ['^src/config/'] },
  { name: 'branding', paths: ['^src/branding/'] },
  { name: 'project', paths: ['^src/project/'] },
  { name: 'reader', paths: ['^src/reader/'] },
  { name: 'levels', paths: ['^src/levels/'] },
  { name: 'i18n', paths: ['^src/i18n/'] },
  { name: 'readability', paths: ['^src/readability/'] },
  { name: 'glyphs', paths: ['^src/glyphs/'] },
  { name: 'prepare', paths: ['^src/prepare/'] },
  { name: 'render', paths: ['^src/render/'] },
  { name: 'readback', paths: ['^src/readback/'] },
  { name: 'pipeline', paths: ['^src/pipeline/'] },
  { name: 'records', paths: ['^src/records/'] },
  { name: 'mail', paths: ['^src/mail/'] },
  { name: 'library-api', paths: ['^src/index[.]ts$'] },
  { name: 'server', paths: ['^src/server/'] },
  { name: 'cli', paths: ['^src/cli/'] },
];

/** The project's own code; anything else a module imports is a package or a Node built-in. */
const OWN_CODE = '^(src|templates|bin|scripts|tests)/';
/** Ambient type declarations (src/types/*.d.ts): imported by nobody, part of no layer. */
const DECLARATIONS = '[.]d[.]ts$';
/** The render pool's worker: the entry bin/render-worker.js loads, and bin/render-worker.js itself. */
const WORKER_ENTRY = ['^src/render/worker[.]ts$', '^bin/render-worker[.]js$'];

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = LAYERS.map((layer, index) => {
  const allowed = LAYERS.slice(0, index + 1);
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment:
      `${layer.paths.join(' ')} (layer ${index + 1} of ${LAYERS.length}, "${layer.name}") may import only from ` +
      `its own layer or lower ones: ${allowed.map((l) => l.name).join(', ')}. Move the code down a layer ` +
      'or invert the dependency.',
    from: { path: layer.paths, pathNot: DECLARATIONS },
    to: { path: OWN_CODE, pathNot: [...allowed.flatMap((l) => l.paths), DECLARATIONS] },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: 'not-in-a-layer',
      severity: 'error',
      comment:
        'This module is in a src/ folder that belongs to no layer, so no layer rule constrains it: move it ' +
        'into a layer, or add its folder to LAYERS above.',
      from: { path: '^src/', pathNot: [...LAYERS.flatMap((l) => l.paths), DECLARATIONS] },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'This dependency is part of a cycle (type-only imports count too). Break it.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'templates-no-fs',
      severity: 'error',
      comment: 'Templates are pure React components: they never touch the file system.',
      from: { path: '^templates/' },
      to: { path: '^(node:)?fs(/|$)' },
    },
    {
      name: 'templates-no-i18next',
      severity: 'error',
      comment: 'Templates never translate: they receive translated documents and labels.',
      from: { path: '^templates/' },
      to: { path: ['^i18next(/|$)', '(^|/)node_modules/i18next/'] },
    },
    {
      name: 'templates-only-model',
      severity: 'error',
      comment: 'From src/, templates import only the document model (src/model/).',
      from: { path: '^templates/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'worker-no-pdfjs',
      severity: 'error',
      comment:
        'Render workers never load pdfjs (reading PDFs back belongs to src/readback, in the main thread): ' +
        'nothing reachable from the worker entry, statically or through import(), may reach pdfjs-dist. ' +
        '(Type-only imports count too: keep pdfjs types out of the worker\'s graph as well.)',
      from: { path: WORKER_ENTRY },
      to: { path: ['^pdfjs-dist(/|$)', '(^|/)node_modules/pdfjs-dist/'], reachable: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file: a typo, a moved module, or a missing package.',
      from: {},
      // bin/handout.js imports dist/ (tsc's output, made by npm ci) only when it exists and is current.
      to: { couldNotResolve: true, pathNot: '^\\.\\./dist/src/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'Nothing imports this module and it imports nothing: delete it or use it.',
      // The front desk's browser script is served as a file, never imported.
      from: { orphan: true, path: '^src/', pathNot: [DECLARATIONS, '^src/server/static/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle or a wrong layer direction through types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // es6 covers static imports, re-exports and dynamic import(); tsd covers triple-slash directives.
    moduleSystems: ['es6', 'cjs', 'tsd'],
    // process.getBuiltinModule('node:fs') is an import of fs too.
    detectProcessBuiltinModuleCalls: true,
    enhancedResolveOptions: {
      // Some packages (tsx/esm/api, i18next) resolve only through their "exports" maps.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // Tried for extension-less specifiers; the project's own imports name their .ts/.tsx extension.
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
