import type { Request, Response } from 'express';
import { NS } from '../../../lib/saml/namespaces.ts';
import type { IdpContext } from '../context.ts';
import { fail, failOnInput } from '../fail.ts';
import { type IncomingMessage, readIncoming } from '../incoming.ts';
import type { PathTable } from '../path-table.ts';
import { handleLogoutRequest, handleLogoutResponse } from './slo.ts';
import { handleAuthnRequest } from './sso.ts';

/**
 * The SSO and SLO endpoints. Vendors often serve both at one URL (AD FS /adfs/ls/, Entra
 * /<tenant>/saml2), so each message goes by its root element to the endpoint that takes it.
 */
export function samlEndpointRoutes(ctx: IdpContext, table: PathTable): void {
  const same = ctx.paths.sso.replace(/\/+$/, '') === ctx.paths.slo.replace(/\/+$/, '');
  table.add(ctx.paths.sso, ['GET', 'POST'], (req, res) => dispatch(ctx, req, res, { sso: true, slo: same }));
  if (!same)
    table.add(ctx.paths.slo, ['GET', 'POST'], (req, res) =>
      dispatch(ctx, req, res, { sso: false, slo: true }),
    );
}

async function dispatch(
  ctx: IdpContext,
  req: Request,
  res: Response,
  serves: { sso: boolean; slo: boolean },
): Promise<void> {
  let msg: IncomingMessage;
  try {
    msg = readIncoming(req);
  } catch (e) {
    return failOnInput(ctx, req, res, e, 'SAML message');
  }
  const here = serves.sso ? 'SSO' : 'SLO';
  const name = msg.rootNs === NS.samlp ? msg.rootName : '';
  if (msg.param === 'SAMLRequest' && name === 'AuthnRequest' && serves.sso) {
    return handleAuthnRequest(ctx, req, res, msg);
  }
  if (msg.param === 'SAMLRequest' && name === 'LogoutRequest' && serves.slo) {
    return handleLogoutRequest(ctx, req, res, msg);
  }
  if (msg.param === 'SAMLResponse' && name === 'LogoutResponse' && serves.slo) {
    return handleLogoutResponse(ctx, req, res, msg);
  }
  const expected = [
    serves.sso ? 'SAMLRequest samlp:AuthnRequest' : '',
    serves.slo ? 'SAMLRequest samlp:LogoutRequest or SAMLResponse samlp:LogoutResponse' : '',
  ]
    .filter(Boolean)
    .join(', or ');
  const elsewhere =
    name === 'AuthnRequest'
      ? ` (SSO is at ${ctx.url(ctx.paths.sso)})`
      : name === 'LogoutRequest'
        ? ` (SLO is at ${ctx.url(ctx.paths.slo)})`
        : '';
  fail(ctx, req, res, {
    status: 400,
    check: 'wrong-root',
    title: `Not a message for the ${here} endpoint`,
    detail: `${msg.param}: expected ${expected}, got {${msg.rootNs}}${msg.rootName}${elsewhere}`,
  });
}
