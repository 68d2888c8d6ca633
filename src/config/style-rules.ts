/**
 * Health-literacy rules, each standing for items of the two instruments
 * reviewers score patient materials with: AHRQ's PEMAT for printable
 * materials (PEMAT-P) and CDC's Clear Communication Index (CCI).
 */
export const STYLE_RULES = {
  'abbreviation-unexpanded': {
    what: 'an abbreviation of the project list is expanded at its first use',
    pemat: 'PEMAT-P 4: medical terms are used only to familiarize the audience with the terms, and are defined when used',
    cci: 'CCI: the material always uses words the primary audience uses',
    defaults: ['error', 'warning'],
  },
  'term-unexplained': {
    what: 'a term of the project list (`explainTerms`) is explained in the sentence of its first use',
    pemat: 'PEMAT-P 4: medical terms are defined when used',
    cci: 'CCI: the material always uses words the primary audience uses',
    defaults: ['error', 'warning'],
  },
  'sentence-long': {
    what: 'sentences have at most 20 words',
    pemat: 'PEMAT-P 3: the material uses common, everyday language',
    cci: 'CCI: the material always uses words the primary audience uses',
    defaults: ['warning', 'off'],
  },
  'passive-voice': {
    what: 'the active voice (retext-passive)',
    pemat: 'PEMAT-P 5: the material uses the active voice',
    cci: 'CCI: the material always uses words the primary audience uses',
    defaults: ['warning', 'off'],
  },
  'simpler-word': {
    what: 'no word or phrase that has a simpler alternative (retext-simplify)',
    pemat: 'PEMAT-P 3: the material uses common, everyday language',
    cci: 'CCI: the material always uses words the primary audience uses',
    defaults: ['warning', 'off'],
  },
  'heading-interval': {
    what: 'a heading at least every 200 words',
    pemat: 'PEMAT-P 8 and 11: the material is broken into short sections with informative headers',
    cci: 'CCI: information is organized in chunks, with headings',
    defaults: ['warning', 'warning'],
  },
  'actions-as-list': {
    what: 'three or more actions in one paragraph are written as a list',
    pemat: 'PEMAT-P 22: the material breaks down any action into manageable, explicit steps',
    cci: 'CCI: the material uses bulleted or numbered lists',
    defaults: ['warning', 'off'],
  },
  'warning-whom-to-call': {
    what: 'every warning box says whom to call: the clinic’s phone, or the number its title names (911)',
    pemat: 'PEMAT-P 20: the material clearly identifies at least one action the user can take',
    cci: 'CCI: the material includes one or more calls to action for the primary audience',
    defaults: ['error', 'error'],
  },
  'summary-missing': {
    what: 'a key-points summary (:::summary) comes first',
    pemat: 'PEMAT-P 10: the material provides a summary',
    cci: 'CCI: the main message is at the top, and emphasized with visual cues',
    defaults: ['error', 'off'],
  },
} as const satisfies Record<string, { what: string; pemat: string; cci: string; defaults: readonly ['error' | 'warning' | 'off', 'error' | 'warning' | 'off'] }>;

export type StyleRule = keyof typeof STYLE_RULES;
export const STYLE_RULE_IDS = Object.keys(STYLE_RULES) as [StyleRule, ...StyleRule[]];

