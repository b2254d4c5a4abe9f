export { createSpSimulator, type SpSimulator } from './app.ts';
export {
  parseSpDefects,
  SP_DEFECTS,
  SP_UNCHECKED_DEFECTS,
  type SpDefect,
  type UncheckedSpDefect,
} from './defects.ts';
export { DEFAULT_ORG_ID, type SpSimulatorOptions } from './options.ts';
export { type RunningSp, startSpSimulator } from './start.ts';
export type { SeedUser, SpUser } from './users.ts';
