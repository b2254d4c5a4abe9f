import { OpClient } from '../admin/op-client.ts';
import { registrationOf } from '../protocol/oidc/client-registration.ts';
import { handOpToTarget } from '../protocol/oidc/hand-op-to-target.ts';
import type { TargetProfile } from '../target/types.ts';

/**
 * An OpenID Provider of a routing scenario meets the SP: the OP simulator registers the client the
 * profile's routing.oidc declares, and the SP is handed the OP as an OIDC target would be (its
 * routing.oidc.exchange, {idp_name} the entry's name). The client's URIs are filled with
 * `clientVars`: the SP's public address, where the hooks reach it at another. Returns what was
 * done, for the run log.
 */
export async function handRoutingOp(
  profile: TargetProfile,
  vars: Record<string, string>,
  op: { name: string; url: string; descriptorUrl: string },
  clientVars: Record<string, string> = vars,
): Promise<string> {
  const how = profile.routing?.oidc;
  if (!how)
    return `not handed: the profile declares no routing.oidc, so the routing checks leave OIDC IdP "${op.name}" and its rules out`;
  await new OpClient(op.url).registerClient(registrationOf(how.client, clientVars));
  return handOpToTarget(
    { ...profile, oidc: { client: how.client }, exchange: how.exchange },
    { ...vars, idp_name: op.name },
    op.descriptorUrl,
  );
}
