export type { OpContext } from './context.ts';
export {
  createOpSimulator,
  type OpSimulator,
  type OpSimulatorOptions,
  type RunningOpSimulator,
  startOpSimulator,
} from './create-op-simulator.ts';
