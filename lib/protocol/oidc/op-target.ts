import type { OidcClientRegistration } from '../../admin/oidc-protocol.ts';
import { fillTemplate } from '../../target/template.ts';
import type { OpTargetSettings, TargetProfile } from '../../target/types.ts';
import { postToTarget, runExchangeCommand } from '../exchange.ts';
import { DEFAULT_SCOPE } from './client-registration.ts';
import { discoveryUrlOf, issuerOf } from './discovery-url.ts';
import type { ClientRequest } from './dynamic-registration.ts';

/** What Accord knows of an OP target before reading its discovery document, templates filled. */
export interface OpDescriptor {
  issuer: string;
  discoveryUrl: string;
  /** The clients Accord signs in as, as it asks the OP to register them (exchange post or command). */
  registrations: OidcClientRegistration[];
  /** op.dynamicRegistration: what each client asks the registration_endpoint for (registrations is then empty). */
  dynamic?: { initialAccessToken?: string; requests: ClientRequest[] };
}

export function opSettings(profile: TargetProfile): OpTargetSettings {
  if (!profile.op) throw new Error(`${profile.file}: an OIDC target of role op needs op`);
  return profile.op;
}

/** The scopes Accord's clients are registered for: the profile's, and each whose claims op.scopeClaims lists (the code flow asks for them). */
function registeredScope(op: OpTargetSettings): string {
  const scopes = [...(op.scope ?? DEFAULT_SCOPE).split(' '), ...Object.keys(op.scopeClaims ?? {})];
  return [...new Set(scopes)].join(' ');
}

/** The OP target's issuer, discovery URL and Accord's client registrations, from its profile. */
export async function opDescriptor(
  profile: TargetProfile,
  vars: Record<string, string>,
): Promise<OpDescriptor> {
  const op = opSettings(profile);
  const fill = (t: string) => fillTemplate(t, vars);
  const issuer = op.issuer === undefined ? undefined : fill(op.issuer);
  const discoveryUrl = op.discoveryUrl ? fill(op.discoveryUrl) : discoveryUrlOf(issuer ?? '');
  const redirectUri = fill(op.redirectUri);
  const postLogout = op.postLogoutRedirectUri ? [fill(op.postLogoutRedirectUri)] : undefined;
  const requests = op.clients.map(
    (c): ClientRequest => ({
      tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
      redirectUris: [redirectUri],
      ...(postLogout ? { postLogoutRedirectUris: postLogout } : {}),
      scope: registeredScope(op),
      grantTypes: ['authorization_code', ...(op.capabilities?.refreshTokens ? ['refresh_token'] : [])],
    }),
  );
  const dynamic = op.dynamicRegistration;
  return {
    // Discovery 4.3: the issuer is the Issuer URL used, a trailing slash included (4.1 drops it only to build the URL).
    issuer: issuer ?? issuerOf(discoveryUrl),
    discoveryUrl,
    // The loader requires id and secret of every client unless the OP issues them (dynamic).
    registrations: dynamic
      ? []
      : requests.map(({ grantTypes: _, ...r }, i) => ({
          clientId: op.clients[i]?.id ?? '',
          clientSecret: op.clients[i]?.secret ?? '',
          ...r,
        })),
    ...(dynamic
      ? {
          dynamic: {
            ...(dynamic.initialAccessToken ? { initialAccessToken: dynamic.initialAccessToken } : {}),
            requests,
          },
        }
      : {}),
  };
}

/**
 * Has an OP target register Accord's clients the way its profile's `exchange` says: each
 * registration POSTed as JSON (the OP simulator's /__accord/clients takes it as is), a command run
 * once per client with {client_id} {client_secret} (and ACCORD_CLIENT_* variables, the redirect
 * URI and auth method too), or nothing (manual: registered beforehand).
 */
export async function registerAtOp(profile: TargetProfile, vars: Record<string, string>): Promise<string> {
  const { registrations, dynamic } = await opDescriptor(profile, vars);
  // The suite registers its own clients, in each worker, where it reads the discovery document.
  if (dynamic)
    return `dynamic registration: each suite worker registers ${dynamic.requests.length} client(s) at the OP's registration_endpoint`;
  const ex = profile.exchange;
  const ids = registrations.map((r) => r.clientId).join(', ');
  if (ex?.post) {
    const url = fillTemplate(ex.post, vars);
    for (const r of registrations) await postToTarget(profile, url, 'application/json', JSON.stringify(r));
    return `registered clients ${ids} by POST to ${url}`;
  }
  if (ex?.command) {
    for (const r of registrations) {
      const clientVars = { ...vars, client_id: r.clientId, client_secret: r.clientSecret };
      await runExchangeCommand(profile, fillTemplate(ex.command, clientVars), {
        ACCORD_CLIENT_ID: r.clientId,
        ACCORD_CLIENT_SECRET: r.clientSecret,
        ACCORD_CLIENT_AUTH_METHOD: r.tokenEndpointAuthMethod,
        ACCORD_REDIRECT_URI: r.redirectUris[0] ?? '',
        ACCORD_POST_LOGOUT_REDIRECT_URI: r.postLogoutRedirectUris?.[0] ?? '',
      });
    }
    return `ran the exchange command for clients ${ids}`;
  }
  return `manual: clients ${ids} must be registered at the OP with the redirect URI ${registrations[0]?.redirectUris[0]}`;
}
