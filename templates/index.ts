import type { FunctionComponent } from 'react';
import { Handout } from './handout/Handout.tsx';
import type { TemplateProps } from './types.ts';

/** Output formats (`--format`) and the template that renders each. */
export const templates = {
  handout: Handout,
} satisfies Record<string, FunctionComponent<TemplateProps>>;

export type FormatName = keyof typeof templates;
