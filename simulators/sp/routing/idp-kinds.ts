import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { BUILT_IN_IDP } from '../../../lib/routing/rules.ts';
import type { SpContext } from '../context.ts';
import { oidcIdps } from '../oidc/oidc-idps.ts';
import { startOidcSignIn } from '../oidc/start-sign-in.ts';
import { beginSamlSignIn } from '../routes/login.ts';
import { beginIdentitySignIn } from './identity-idp.ts';

/** How a sign-in starts at one kind of IdP; `test` marks a "Test SSO setup" sign-in. */
export type BeginSignIn = (
  ctx: SpContext,
  idpId: string,
  req: Request,
  res: Response,
  relayState?: string,
  options?: { test?: boolean; email?: string },
) => void;

/**
 * An OpenID Connect IdP, named as in the admin API (`/__accord/oidc-idps`). A "Test SSO setup"
 * sign-in there carries a one-time test mark as its RelayState (a test never goes on to a page), by
 * which the callback reports the answer and neither signs in nor provisions.
 */
const beginOidcKind: BeginSignIn = (ctx, idpId, req, res, relayState, options = {}) => {
  if (!options.test) return startOidcSignIn(ctx, idpId, req, res, relayState);
  const mark = `test-sso-${randomBytes(12).toString('hex')}`;
  ctx.routing.markTest(mark);
  startOidcSignIn(ctx, idpId, req, res, mark);
};

/**
 * Sign-in dispatched by the kind of the IdP a rule routes to. Seed: "We currently support only SAML,
 * OpenID Connect, and Webex Identity as identity providers"; the OpenID Connect kind joins here.
 */
export const IDP_KINDS = {
  saml: { owns: (ctx: SpContext, id: string) => ctx.peers.get(id) !== undefined, begin: beginSamlSignIn },
  identity: { owns: (_ctx: SpContext, id: string) => id === BUILT_IN_IDP, begin: beginIdentitySignIn },
  oidc: { owns: (ctx: SpContext, id: string) => oidcIdps(ctx).get(id) !== undefined, begin: beginOidcKind },
} satisfies Record<string, { owns: (ctx: SpContext, id: string) => boolean; begin: BeginSignIn }>;

export type IdpKind = keyof typeof IDP_KINDS;

/** The kind of the IdP rules call `id`, if the organisation holds it. */
export function kindOf(ctx: SpContext, id: string): IdpKind | undefined {
  return (Object.keys(IDP_KINDS) as IdpKind[]).find((k) => IDP_KINDS[k].owns(ctx, id));
}
