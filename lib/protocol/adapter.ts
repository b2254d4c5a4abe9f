import type { TargetProfile } from '../target/types.ts';
import type { Protocol, Role } from './roles.ts';

/**
 * What one protocol needs done between a target and the simulator playing its counterpart, below
 * the simulators so that suites can use it too (a suite hands a target a renewed descriptor
 * mid-test). `Descriptor` is what the counterpart needs to know of the target: its SAML metadata,
 * or the OIDC client registration its profile declares.
 * Starting the counterpart simulator is the cli's part: cli/harness/counterparts/.
 */
export interface ProtocolAdapter<Descriptor = unknown> {
  readonly protocol: Protocol;
  /**
   * The target's own descriptor, from the file or URL its profile names (templates filled with
   * `vars`), parsed and checked to describe the role the profile declares. Errors name the profile.
   */
  readTargetDescriptor(profile: TargetProfile, vars: Record<string, string>): Promise<Descriptor>;
  /** The name the target goes by in its descriptor (SAML: its entityID). */
  targetId(descriptor: Descriptor): string;
  /** The profile template variables that name the counterpart of a target of `role`. */
  counterpartVars(role: Role, counterpartId: string): Record<string, string>;
  /** Where the target is to read the counterpart's descriptor, as its profile asks, given where the counterpart publishes it. */
  counterpartDescriptorUrl(profile: TargetProfile, publishedUrl: string): string;
  /** The counterpart simulator (its admin API at `counterpartUrl`) trusts the target: it is handed the target's descriptor. */
  trustTarget(counterpartUrl: string, descriptor: Descriptor, profile: TargetProfile): Promise<void>;
  /**
   * The target trusts the counterpart: the counterpart's descriptor reaches it the way the
   * profile's `exchange` says (post, command or manual). Returns what was done, for the run log.
   */
  handToTarget(profile: TargetProfile, vars: Record<string, string>, publishedUrl: string): Promise<string>;
}
