import type { LogoutRequestOrder } from '../../lib/admin/protocol.ts';
import { type Endpoint, pickEndpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { BINDING } from '../../lib/saml/namespaces.ts';
import type { ScenarioUser } from '../../lib/scenario/types.ts';
import type { IdpContext } from './context.ts';
import type { TrustedSp } from './peers.ts';

/** A LogoutRequestOrder the IdP cannot carry out; `field` names the part of the body at fault. */
export class LogoutOrderError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A checked order: the SP and user it names exist, and the SP takes LogoutRequests by that binding. */
export interface ValidLogoutOrder {
  sp: TrustedSp;
  user: ScenarioUser;
  binding: LogoutRequestOrder['binding'];
  endpoint: Endpoint;
  flow?: string;
  relayState?: string;
}

const KEYS = new Set<string>(['sp', 'user', 'binding', 'flow', 'relayState']);
const MAX_FLOW = 256;
/** SAML bindings 3.4.3 and 3.5.3: RelayState MUST NOT exceed 80 bytes. */
const MAX_RELAY_STATE_BYTES = 80;

const BINDING_NAMES: Record<string, string> = {
  [BINDING.redirect]: 'redirect',
  [BINDING.post]: 'post',
  [BINDING.soap]: 'soap',
};

function requiredString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined) throw new LogoutOrderError(key, `${key} is required`);
  if (typeof v !== 'string' || v.trim() === '')
    throw new LogoutOrderError(key, `${key} must be a non-empty string`);
  return v;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new LogoutOrderError(key, `${key} must be a non-empty string`);
  return v;
}

/** The JSON text of POST /__accord/logout-requests, parsed and checked against what this IdP knows. */
export function readLogoutOrder(ctx: IdpContext, text: unknown): ValidLogoutOrder {
  let body: unknown;
  try {
    body = typeof text === 'string' && text.trim() !== '' ? JSON.parse(text) : undefined;
  } catch (e) {
    throw new LogoutOrderError('body', `the body is not JSON: ${(e as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new LogoutOrderError(
      'body',
      'the body must be a JSON object {sp, user, binding: "redirect"|"post", flow?, relayState?}',
    );
  }
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KEYS.has(k));
  if (unknown !== undefined)
    throw new LogoutOrderError(unknown, `unknown key ${unknown}; known: ${[...KEYS].join(', ')}`);

  const spId = requiredString(o, 'sp');
  const sp = ctx.peers.get(spId);
  if (!sp) {
    const trusted = ctx.peers.list().map((p) => p.entityId);
    throw new LogoutOrderError(
      'sp',
      `sp "${spId}" is not a trusted SP of this IdP; trusted: ${trusted.length ? trusted.join(', ') : 'none'}`,
    );
  }
  const username = requiredString(o, 'user');
  const user = ctx.scenario.users.find((u) => u.username === username);
  if (!user)
    throw new LogoutOrderError('user', `user "${username}" is not a user of scenario ${ctx.scenario.id}`);
  const binding = o.binding;
  if (binding !== 'redirect' && binding !== 'post')
    throw new LogoutOrderError('binding', 'binding must be "redirect" or "post"');
  const endpoint = pickEndpoint(sp.sp.sloServices, binding);
  if (!endpoint) {
    const has = sp.sp.sloServices.map((e) => BINDING_NAMES[e.binding] ?? e.binding);
    throw new LogoutOrderError(
      'binding',
      `sp "${sp.entityId}" publishes no HTTP-${binding === 'redirect' ? 'Redirect' : 'POST'} SingleLogoutService; ` +
        (has.length
          ? `it has: ${[...new Set(has)].join(', ')}`
          : 'it publishes no SingleLogoutService at all'),
    );
  }
  const flow = optionalString(o, 'flow');
  if (flow !== undefined && flow.length > MAX_FLOW)
    throw new LogoutOrderError('flow', `flow is longer than ${MAX_FLOW} characters`);
  const relayState = optionalString(o, 'relayState');
  if (relayState !== undefined && Buffer.byteLength(relayState) > MAX_RELAY_STATE_BYTES) {
    throw new LogoutOrderError(
      'relayState',
      `relayState is longer than ${MAX_RELAY_STATE_BYTES} bytes (SAML bindings 3.4.3)`,
    );
  }
  return { sp, user, binding, endpoint, flow, relayState };
}
