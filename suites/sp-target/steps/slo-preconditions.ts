import { type Endpoint, pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import type { Accord } from '../../fixtures/index.ts';

/** How a logout test signs the user in first: the login the profile declares, SP-initiated preferred. */
export type SloLoginWay = 'redirect' | 'post' | 'unsolicited';

export interface SloTarget {
  /** The SP's SingleLogoutService for the binding the IdP uses towards it (Redirect preferred). */
  endpoint: Endpoint;
  binding: 'redirect' | 'post';
  /** Every URL the SP's SLO messages may arrive at: each Location and ResponseLocation. */
  urls: string[];
  way: SloLoginWay;
}

function loginWay(accord: Accord): SloLoginWay | undefined {
  const caps = accord.profile.capabilities;
  const binding = caps.bindings[0];
  if (caps.spInitiated && binding && accord.profile.login?.start[binding]) return binding;
  return caps.idpInitiated ? 'unsolicited' : undefined;
}

/** Where the target's single logout is, or why a logout check cannot run on it. */
export function sloTarget(accord: Accord): SloTarget | string {
  if (!accord.profile.capabilities.slo) return 'the target declares no single logout (capabilities.slo)';
  const services = accord.metadata.sp?.sloServices ?? [];
  const redirect = pickEndpoint(services, 'redirect');
  const endpoint = redirect ?? pickEndpoint(services, 'post');
  if (!endpoint) return 'the SP metadata publishes no SingleLogoutService for HTTP-Redirect or HTTP-POST';
  const way = loginWay(accord);
  if (!way) return 'the target declares no login flow to sign in with first';
  const urls = services.flatMap((s) => [s.location, s.responseLocation ?? '']).filter((u) => u !== '');
  return { endpoint, binding: redirect ? 'redirect' : 'post', urls, way };
}
