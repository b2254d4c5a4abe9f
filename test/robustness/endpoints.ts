import { fileURLToPath } from 'node:url';
import { loadSamlScenario } from '../../lib/scenario/index.ts';

/** How an endpoint takes its input; the generators make hostile inputs for each kind. */
export type Carrier =
  /** Nothing but the request itself (pages, read-only admin routes). */
  | { kind: 'none' }
  /**
   * SAML messages by HTTP-Redirect (query) or HTTP-POST (form), with RelayState and, by Redirect,
   * SigAlg/Signature: each parameter the endpoint reads, with the root element it expects there.
   */
  | { kind: 'saml'; binding: 'redirect' | 'post'; messages: { SAMLRequest?: string; SAMLResponse?: string } }
  /** Named query parameters. */
  | { kind: 'query'; params: string[] }
  /** Named fields of an urlencoded form. */
  | { kind: 'form'; fields: string[] }
  /** An XML document as the body (metadata). */
  | { kind: 'xml-body' }
  /** A JSON object with these fields as the body. */
  | { kind: 'json-body'; fields: string[] };

export interface EndpointRow {
  simulator: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path, from the simulator's info where it depends on it. */
  path: string | ((info: Record<string, string>) => string);
  carrier: Carrier;
}

const pathOf = (key: string) => (info: Record<string, string>) => new URL(info[key]).pathname;
const ping = loadSamlScenario(fileURLToPath(new URL('../../scenarios/ping.yaml', import.meta.url)));

/**
 * Every public endpoint and admin route of every simulator. A new endpoint joins the corpus by a
 * row here, and is then held to the same bar as the others: no 5xx, no crash, no answer slower
 * than 1 s, bounded memory, and an error that says what was wrong.
 */
export const ENDPOINTS: EndpointRow[] = [
  // IdP simulator (PingFederate scenario: SSO and SLO at separate paths)
  { simulator: 'idp', method: 'GET', path: pathOf('metadataUrl'), carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('ssoUrl'),
    carrier: { kind: 'saml', binding: 'redirect', messages: { SAMLRequest: 'AuthnRequest' } },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: pathOf('ssoUrl'),
    carrier: { kind: 'saml', binding: 'post', messages: { SAMLRequest: 'AuthnRequest' } },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('sloUrl'),
    carrier: {
      kind: 'saml',
      binding: 'redirect',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: pathOf('sloUrl'),
    carrier: {
      kind: 'saml',
      binding: 'post',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: ping.idp.paths.login,
    carrier: { kind: 'query', params: ['req'] },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: ping.idp.paths.login,
    carrier: { kind: 'form', fields: ['username', 'password', 'req'] },
  },
  {
    simulator: 'idp',
    method: 'GET',
    path: pathOf('idpInitiatedUrl'),
    carrier: { kind: 'query', params: ['sp', 'PartnerSpId', 'RelayState', 'binding'] },
  },
  { simulator: 'idp', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  { simulator: 'idp', method: 'GET', path: '/__accord/test-users', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'idp', method: 'POST', path: '/__accord/peers', carrier: { kind: 'xml-body' } },
  {
    simulator: 'idp',
    method: 'DELETE',
    path: '/__accord/peers',
    carrier: { kind: 'query', params: ['entityId'] },
  },
  {
    simulator: 'idp',
    method: 'POST',
    path: '/__accord/logout-requests',
    carrier: { kind: 'json-body', fields: ['sp', 'user', 'binding', 'flow', 'relayState'] },
  },
  {
    simulator: 'idp',
    method: 'PUT',
    path: '/__accord/flows/corpus',
    carrier: { kind: 'json-body', fields: ['user', 'tamper', 'encryptAssertion', 'userFields', 'nameId'] },
  },
  { simulator: 'idp', method: 'DELETE', path: '/__accord/flows/corpus', carrier: { kind: 'none' } },
  {
    simulator: 'idp',
    method: 'GET',
    path: '/__accord/idp-initiated',
    carrier: { kind: 'query', params: ['sp', 'RelayState', 'binding'] },
  },

  // Reference SP
  { simulator: 'sp', method: 'GET', path: pathOf('metadataUrl'), carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/login',
    carrier: { kind: 'query', params: ['binding', 'RelayState', 'idp'] },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/acs',
    carrier: { kind: 'saml', binding: 'post', messages: { SAMLResponse: 'Response' } },
  },
  { simulator: 'sp', method: 'GET', path: '/acs', carrier: { kind: 'query', params: ['SAMLResponse'] } },
  { simulator: 'sp', method: 'GET', path: '/logout', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/slo',
    carrier: {
      kind: 'saml',
      binding: 'redirect',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  {
    simulator: 'sp',
    method: 'POST',
    path: '/slo',
    carrier: {
      kind: 'saml',
      binding: 'post',
      messages: { SAMLRequest: 'LogoutRequest', SAMLResponse: 'LogoutResponse' },
    },
  },
  { simulator: 'sp', method: 'GET', path: '/me', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/me/assertion', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/health', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/info', carrier: { kind: 'none' } },
  { simulator: 'sp', method: 'POST', path: '/__accord/peers', carrier: { kind: 'xml-body' } },
  { simulator: 'sp', method: 'GET', path: '/__accord/peers', carrier: { kind: 'none' } },
  {
    simulator: 'sp',
    method: 'DELETE',
    path: '/__accord/peers',
    carrier: { kind: 'query', params: ['entityId'] },
  },
  {
    simulator: 'sp',
    method: 'GET',
    path: '/__accord/trace',
    carrier: { kind: 'query', params: ['flow', 'since'] },
  },
  { simulator: 'sp', method: 'GET', path: '/__accord/users', carrier: { kind: 'none' } },
];
