import type { Request, Response } from 'express';
import { BUILT_IN_IDP } from '../../../lib/routing/rules.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { beginOidcSignIn } from '../oidc/begin-sign-in.ts';
import { oidcIdps } from '../oidc/oidc-idps.ts';
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

/**
 * An OpenID Connect IdP, named as in the admin API (`/__accord/oidc-idps`). Its callback signs the
 * user in and provisions: a "Test SSO setup" dry run there would change the organisation, so it is
 * refused (501) rather than run.
 */
function beginOidcKind(
  ctx: SpContext,
  idpId: string,
  req: Request,
  res: Response,
  relayState?: string,
  options: { test?: boolean } = {},
): void {
  if (options.test) {
    res
      .status(501)
      .type('html')
      .send(
        errorPage(
          'Test SSO setup',
          'not-supported',
          `"Test SSO setup" is not available for the OpenID Connect IdP "${idpId}" yet: its sign-in provisions the user`,
        ),
      );
    return;
  }
  void beginOidcSignIn(ctx, idpId, req, res, relayState).catch((e: unknown) => {
    if (!res.headersSent)
      res
        .status(500)
        .type('text')
        .send(`sign-in could not start: ${(e as Error).message}`);
  });
}
