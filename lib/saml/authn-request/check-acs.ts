import type { Endpoint } from '../metadata/parse-metadata.ts';
import { BINDING } from '../namespaces.ts';
import type { JudgedAuthnRequest } from './parse-authn-request.ts';
import type { RuleVerdict } from './rule-verdict.ts';

/** What a Response may travel over in the Web Browser SSO profile (profiles 4.1.2): never HTTP-Redirect. */
const RESPONSE_BINDINGS: readonly string[] = [BINDING.post, BINDING.artifact];

export interface AcsVerdict extends RuleVerdict {
  /** The published ACS the request names, when it names one and the rule passes. */
  endpoint?: Endpoint;
}

export interface SpAcsMetadata {
  entityId: string;
  acs: readonly Endpoint[];
}

/**
 * SP-AUTHN-03. SAML profiles 4.1.4.1 and 4.1.3.5: the ACS a request names, by URL or by index, must
 * be one the SP publishes in its metadata (how the IdP knows the SP controls it), with the binding
 * ProtocolBinding asks for, else with one a Response can travel over. Whether the judge itself can
 * answer over that binding is not the SP's doing: the IdP "MUST honor them if it can".
 */
export function checkAcs(r: JudgedAuthnRequest, sp: SpAcsMetadata): AcsVerdict {
  if (r.protocolBinding !== undefined && !RESPONSE_BINDINGS.includes(r.protocolBinding)) {
    return {
      status: 'fail',
      detail: `ProtocolBinding ${r.protocolBinding} cannot carry a Response (HTTP-POST or HTTP-Artifact, SAML profiles 4.1.2)`,
    };
  }
  const usable = r.protocolBinding === undefined ? RESPONSE_BINDINGS : [r.protocolBinding];
  if (r.acsUrl !== undefined) {
    const at = sp.acs.filter((e) => e.location === r.acsUrl);
    const endpoint = usable.map((b) => at.find((e) => e.binding === b)).find((e) => e !== undefined);
    if (endpoint) {
      return {
        status: 'pass',
        detail: `AssertionConsumerServiceURL ${r.acsUrl} is published with binding ${endpoint.binding}`,
        endpoint,
      };
    }
    return {
      status: 'fail',
      detail:
        at.length > 0
          ? `AssertionConsumerServiceURL ${r.acsUrl} is published with binding ${at.map((e) => e.binding).join(', ')}, not ${usable.join(' or ')}`
          : `AssertionConsumerServiceURL ${r.acsUrl} is not an AssertionConsumerService in the metadata of ${sp.entityId} (published: ${sp.acs.map((e) => e.location).join(', ')})`,
    };
  }
  if (r.acsIndex !== undefined) {
    const endpoint = sp.acs.find((e) => e.index === r.acsIndex && usable.includes(e.binding));
    return endpoint
      ? {
          status: 'pass',
          detail: `AssertionConsumerServiceIndex ${r.acsIndex} names ${endpoint.location}`,
          endpoint,
        }
      : {
          status: 'fail',
          detail: `AssertionConsumerServiceIndex ${r.acsIndex} names no AssertionConsumerService of ${sp.entityId} with binding ${usable.join(' or ')}`,
        };
  }
  return {
    status: 'pass',
    detail: 'no AssertionConsumerServiceURL or Index: the IdP uses the default ACS of the metadata',
  };
}
