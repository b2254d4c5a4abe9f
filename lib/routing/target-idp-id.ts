import type { RoutingIdpEntry } from '../scenario/routing-scenario.ts';
import type { TargetProfile } from '../target/types.ts';
import type { RoutingRule } from './rules.ts';

/**
 * How a target's rules name the IdP of a routing entry: a SAML IdP by its entityID, an OIDC IdP by
 * the entry's name (what the profile's routing.oidc.exchange hands it as {idp_name}), the built-in
 * IdP by the profile's routing.builtinIdp.id. Undefined when the profile declares no way to hand
 * the target that IdP.
 */
export function targetIdpId(
  profile: TargetProfile,
  entry: Pick<RoutingIdpEntry, 'name' | 'kind'>,
  entityId: string | undefined,
): string | undefined {
  if (entry.kind === 'builtin') return profile.routing?.builtinIdp?.id;
  if (entry.kind === 'oidc') return profile.routing?.oidc ? entry.name : undefined;
  return entityId;
}

/** A scenario's rules as the target takes them: each rule's entry name (`idp`) replaced by the target's id for that IdP. */
export function rulesForTarget(
  rules: readonly RoutingRule[],
  idOf: (rule: RoutingRule) => string,
): RoutingRule[] {
  return rules.map((r) => ({ ...r, idp: idOf(r) }));
}
