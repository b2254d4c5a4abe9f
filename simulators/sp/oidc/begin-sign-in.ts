import type { Request, Response } from 'express';
import { authenticationRequest } from '../../rp/authorization-request.ts';
import { RuleRefusal } from '../../rp/rules/rule.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { sessionFor, setSessionCookie } from '../http.ts';
import { NO_DEFECTS, oidcIdps } from './oidc-idps.ts';
import { oidcSessions } from './oidc-sessions.ts';
import { oidcUrls } from './urls.ts';

/**
 * Sends the browser to the OIDC IdP's authorization endpoint: the authorization code flow with
 * state, nonce and PKCE S256 (OIDC Core 3.1.2.1, RFC 7636), built by the reference RP's code. The
 * RelayState comes back as the page the sign-in ends on, as a SAML sign-in's does.
 */
export async function beginOidcSignIn(
  ctx: SpContext,
  idpName: string,
  req: Request,
  res: Response,
  relayState?: string,
): Promise<void> {
  const idp = oidcIdps(ctx).get(idpName);
  const op = oidcIdps(ctx).connection(idpName);
  if (!idp || !op) {
    res
      .status(400)
      .type('html')
      .send(errorPage('Cannot start sign-in', 'no-idp', `no OpenID Connect IdP is named "${idpName}"`));
    return;
  }
  let config: Awaited<ReturnType<typeof op.configuration>>;
  try {
    config = await op.configuration();
  } catch (e) {
    if (!(e instanceof RuleRefusal)) throw e;
    ctx.record(req, {
      direction: 'out',
      from: 'SP',
      to: 'OP',
      kind: 'Error',
      info: { idp: idpName, rule: e.rule, error: e.reason },
    });
    res
      .status(502)
      .type('html')
      .send(errorPage('Cannot start sign-in', e.rule, `OpenID Connect IdP "${idpName}": ${e.reason}`));
    return;
  }
  const session = sessionFor(ctx, req);
  setSessionCookie(ctx, res, session);
  const { url, pending } = await authenticationRequest({
    config,
    redirectUri: oidcUrls(ctx).redirectUri,
    scope: idp.op.scope,
    defects: NO_DEFECTS,
    now: ctx.opts.clock().getTime(),
  });
  oidcSessions(ctx).addPending(session.id, { ...pending, idp: idpName, relayState });
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'OP',
    kind: 'AuthenticationRequest',
    binding: 'HTTP-Redirect',
    method: 'GET',
    url: url.href,
    relayState,
    info: { idp: idpName, ...Object.fromEntries(url.searchParams) },
  });
  res.redirect(302, url.href);
}
