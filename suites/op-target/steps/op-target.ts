import type { TestUser } from '../../../lib/admin/protocol.ts';
import { registerDynamically } from '../../../lib/protocol/oidc/dynamic-registration.ts';
import type { OpDescriptor } from '../../../lib/protocol/oidc/op-target.ts';
import type { OpClientCredentials } from '../../../lib/target/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { targetUser } from '../../idp-target/steps/idp-login.ts';

/** The discovery document as served: members are read as the checks need them. */
export type Discovery = Record<string, unknown>;

/** What the OP suite knows of its target: descriptor, discovery document and clients. */
export interface OpTarget {
  descriptor: OpDescriptor;
  discovery: Discovery;
  /** The client the flows run with (the first client_secret_basic one of the profile). */
  client: OpClientCredentials;
  /** A client_secret_post client, when the profile lists one. */
  postClient?: OpClientCredentials;
  redirectUri: string;
  postLogoutRedirectUri?: string;
  scope: string;
  user: TestUser;
}

/** What the OP publishes of itself: enough for the metadata checks, which register no client. */
export type OpDocument = Pick<OpTarget, 'descriptor' | 'discovery'>;

const cache = new Map<string, Promise<OpTarget>>();
const documents = new Map<string, Promise<OpDocument>>();

/**
 * An endpoint of the discovery document, or an error naming it: the flows cannot run without it. A
 * relative one fails OP-DISCOVERY-ENDPOINTS; the flows resolve it against the document's URL so
 * that the checks that use the endpoint are still judged on what it does.
 */
export function endpoint(op: OpDocument, member: string): string {
  const v = op.discovery[member];
  if (typeof v !== 'string' || v === '')
    throw new Error(`the discovery document at ${op.descriptor.discoveryUrl} has no ${member}`);
  return new URL(v, op.descriptor.discoveryUrl).href;
}

/**
 * The credentials of Accord's clients: the profile's, or (op.dynamicRegistration) those the OP's
 * registration_endpoint issues now. Each worker registers its own, so no state crosses processes.
 */
async function credentials(
  accord: Accord,
  descriptor: OpDescriptor,
  discovery: Discovery,
): Promise<OpClientCredentials[]> {
  if (!descriptor.dynamic)
    return descriptor.registrations.map((r) => ({
      id: r.clientId,
      secret: r.clientSecret,
      tokenEndpointAuthMethod: r.tokenEndpointAuthMethod,
    }));
  const at = discovery.registration_endpoint;
  if (typeof at !== 'string' || at === '')
    throw new Error(
      `${accord.profile.file}: op.dynamicRegistration is set, but the discovery document at ${descriptor.discoveryUrl} has no registration_endpoint`,
    );
  const endpoint = new URL(at, descriptor.discoveryUrl).href;
  const { initialAccessToken, requests } = descriptor.dynamic;
  const issued: OpClientCredentials[] = [];
  for (const r of requests) issued.push(await registerDynamically(endpoint, r, initialAccessToken));
  return issued;
}

async function readDocument(accord: Accord): Promise<OpDocument> {
  const descriptor = accord.descriptor as OpDescriptor;
  const res = await fetch(descriptor.discoveryUrl, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`discovery ${descriptor.discoveryUrl} answered ${res.status}`);
  return { descriptor, discovery: (await res.json()) as Discovery };
}

async function load(accord: Accord): Promise<OpTarget> {
  const { descriptor, discovery } = await opDocument(accord);
  const op = accord.profile.op;
  if (!op) throw new Error(`${accord.profile.file}: role op needs op`);
  const clients = await credentials(accord, descriptor, discovery);
  const client = clients.find((c) => c.tokenEndpointAuthMethod === 'client_secret_basic');
  if (!client) throw new Error(`${accord.profile.file}: op.clients has no client_secret_basic client`);
  return {
    descriptor,
    discovery,
    client,
    postClient: clients.find((c) => c.tokenEndpointAuthMethod === 'client_secret_post'),
    redirectUri: accord.fill(op.redirectUri),
    postLogoutRedirectUri: op.postLogoutRedirectUri ? accord.fill(op.postLogoutRedirectUri) : undefined,
    scope: op.scope ?? 'openid profile email',
    user: await targetUser(accord),
  };
}

/** Once per worker and project; a failure is not kept, so the next test tries again. */
function once<T>(map: Map<string, Promise<T>>, accord: Accord, make: (a: Accord) => Promise<T>): Promise<T> {
  const key = accord.runtime.name;
  let t = map.get(key);
  if (!t) {
    t = make(accord);
    t.catch(() => map.delete(key));
    map.set(key, t);
  }
  return t;
}

/** The OP's descriptor and discovery document, read once per worker. */
export function opDocument(accord: Accord): Promise<OpDocument> {
  return once(documents, accord, readDocument);
}

/** The OP target of the project, its clients registered where the profile says so, once per worker. */
export function opTarget(accord: Accord): Promise<OpTarget> {
  return once(cache, accord, load);
}
