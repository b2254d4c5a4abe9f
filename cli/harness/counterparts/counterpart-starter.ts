import type { Keystore } from '../../../lib/pki/index.ts';
import type { ProjectPlan, RunPlan } from '../../../lib/run/plan.ts';
import type { AnyScenario } from '../../../lib/scenario/index.ts';
import type { TargetProfile } from '../../../lib/target/index.ts';

/** A simulator the run started; the run closes it when it stops, or when it fails to start. */
export interface StartedSimulator {
  url: string;
  close(): Promise<void>;
}

/** What the counterpart starters of one run share. */
export interface RunResources {
  plan: RunPlan;
  keystore: Keystore;
  /** The run's scenarios, by id. */
  scenarios: ReadonlyMap<string, AnyScenario>;
  /** Hands a simulator just started to the run, which closes it at the end. */
  started(simulator: StartedSimulator): void;
  /** Adds a line to the run log. */
  log(line: string): void;
}

/** The simulators one project runs against: its counterpart, and the target itself when it is built in. */
export interface ProjectSimulators {
  counterpart: {
    url: string;
    /** The name it goes by in its descriptor (SAML: its entityID). */
    entityId: string;
    /** Where it publishes its descriptor (SAML: its metadata URL). */
    descriptorUrl: string;
  };
  /** Fills {base_url}: the target's own, or the address of the built-in simulator playing it. */
  targetBaseUrl: string;
  /** The built-in simulator playing the target, when its profile names one. */
  targetSimulator?: string;
  /**
   * Further counterparts the target must trust too: the other IdPs of a routing scenario, by entry
   * name; an OIDC one is known by its issuer and publishes its discovery document.
   */
  routingIdps?: Array<{
    name: string;
    kind: 'saml' | 'oidc';
    url: string;
    entityId: string;
    descriptorUrl: string;
  }>;
}

/** Starts, or reuses, the simulators one project needs. */
export type StartProjectSimulators = (
  project: ProjectPlan,
  profile: TargetProfile,
) => Promise<ProjectSimulators>;

/**
 * One protocol's part of `accord run` that needs the simulators: made once per run, so its
 * projects may share simulators (SAML: one IdP simulator per scenario for every SP target).
 */
export type CounterpartStarter = (run: RunResources) => StartProjectSimulators;
