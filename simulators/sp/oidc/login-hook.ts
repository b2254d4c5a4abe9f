import type { Request, Response } from 'express';
import type { SpContext } from '../context.ts';
import { oidcIdps } from './oidc-idps.ts';
import { startOidcSignIn } from './start-sign-in.ts';

/**
 * /login's way into an OIDC sign-in: `idp` names an OIDC IdP, or names none while the organisation
 * trusts no SAML IdP and has an OIDC one. False when the sign-in is SAML's to start.
 */
export function startsOidcSignIn(
  ctx: SpContext,
  idpId: string | undefined,
  req: Request,
  res: Response,
  relayState: string | undefined,
): boolean {
  const idps = oidcIdps(ctx);
  const name = idpId ?? (ctx.peers.pick() ? undefined : idps.list()[0]?.name);
  if (name === undefined || !idps.get(name)) return false;
  startOidcSignIn(ctx, name, req, res, relayState);
  return true;
}
