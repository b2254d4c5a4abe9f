import type { RpOpSettings } from '../../admin/oidc-protocol.ts';
import { fillTemplate } from '../../target/template.ts';
import type { TargetProfile } from '../../target/types.ts';
import { postToTarget, runExchangeCommand } from '../exchange.ts';
import { DEFAULT_SCOPE } from './client-registration.ts';
import { issuerOf } from './discovery-url.ts';

/**
 * What an RP is told of its OP: where to discover it and the client it is registered as. The
 * issuer is left out: Discovery 4.3 makes it the discovery URL less its well-known path, and an RP
 * handed both could trust the one it was handed over the one it fetched.
 */
export function rpOpSettings(profile: TargetProfile, discoveryUrl: string): RpOpSettings {
  const client = profile.oidc?.client;
  if (!client) throw new Error(`${profile.file}: an OIDC relying party needs oidc.client`);
  return {
    discoveryUrl,
    clientId: client.id,
    clientSecret: client.secret,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    scope: client.scope ?? DEFAULT_SCOPE,
  };
}

/**
 * Hands an RP target the OP at `discoveryUrl` the way its profile's `exchange` says: the settings
 * POSTed as JSON, a command run with {issuer} {discovery_url} {client_id} {client_secret} (and the
 * same in ACCORD_OP_* variables; the issuer being the discovery URL less its well-known path), or
 * left to the operator. Used when a run starts, and by a suite
 * that points the target at another discovery document for a while.
 */
export async function handOpToTarget(
  profile: TargetProfile,
  vars: Record<string, string>,
  discoveryUrl: string,
): Promise<string> {
  const settings = rpOpSettings(profile, discoveryUrl);
  const ex = profile.exchange;
  if (ex?.post) {
    const url = fillTemplate(ex.post, vars);
    await postToTarget(profile, url, 'application/json', JSON.stringify(settings));
    return `posted the OP settings (${discoveryUrl}, client ${settings.clientId}) to ${url}`;
  }
  const opVars = {
    issuer: issuerOf(discoveryUrl),
    discovery_url: discoveryUrl,
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
  };
  if (ex?.command) {
    await runExchangeCommand(profile, fillTemplate(ex.command, { ...vars, ...opVars }), {
      ACCORD_OP_ISSUER: opVars.issuer,
      ACCORD_OP_DISCOVERY_URL: discoveryUrl,
      ACCORD_OP_CLIENT_ID: opVars.client_id,
      ACCORD_OP_CLIENT_SECRET: opVars.client_secret,
    });
    // The log shows the command as run, but not the secret.
    return `ran ${fillTemplate(ex.command, { ...vars, ...opVars, client_secret: '***' })}`;
  }
  return `manual: configure the target with the discovery URL ${discoveryUrl} (issuer ${opVars.issuer}) and client ${settings.clientId} with its secret from the profile`;
}
