// Worker-thread entry for the build's render pool: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
register();
const { renderTask } = await import('../src/render/worker.ts');

export default renderTask;
