// Worker-thread entry for the build's render pool: loads the TypeScript sources through tsx.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
// The repository's tsconfig, wherever the command runs: tsx would look for one from the working folder,
// and without it templates compile to the classic JSX runtime ("React is not defined").
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { renderTask } = await import('../src/render/worker.ts');

export default renderTask;
