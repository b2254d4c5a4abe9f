/** The flows a run can select (`--flow`); each check belongs to one, and each suite test to one. */
export const FLOWS = [
  'metadata',
  'sp-initiated',
  'idp-initiated',
  'code-flow',
  'key-rotation',
  'jit',
  'slo',
  'security',
  'rollover',
  /** op: what the OP does with a session it holds (prompt, max_age, hints). */
  'session',
  'routing',
] as const;
export type Flow = (typeof FLOWS)[number];
