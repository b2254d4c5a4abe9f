export { createRpSimulator, type RpSimulator } from './app.ts';
export { parseRpDefects, RP_DEFECTS, type RpDefectName } from './defects.ts';
export type { RpSimulatorOptions } from './options.ts';
export { type RunningRp, startRpSimulator } from './start.ts';
