export type { IdpContext } from './context.ts';
export {
  createIdpSimulator,
  type IdpSimulator,
  type IdpSimulatorOptions,
  type RunningIdpSimulator,
  startIdpSimulator,
} from './create-idp-simulator.ts';
export { IDP_DEFECTS, type IdpDefect, type IdpDefectInfo } from './defects.ts';
