import type { Request, Response } from 'express';
import { vendorProfiles } from '../../../lib/scenario/vendors/index.ts';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';
import { chooseAcs } from '../acs.ts';
import type { IdpContext } from '../context.ts';
import { clippedUrl, fail } from '../fail.ts';
import { sendSamlResponse } from '../respond.ts';

/**
 * Accord's own `sp` first, then the name each product gives the SP parameter (AD FS `loginToRp`,
 * PingFederate `PartnerSpId`, ...). Any of them is taken whichever product the scenario plays: a
 * target's start URL written with one product's parameter keeps working on every scenario.
 */
function spParameters(): string[] {
  return [...new Set(['sp', ...vendorProfiles().map((v) => v.idpInitiatedSpParameter)])];
}

function single(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Unsolicited Response (SAML profiles 4.1.5) to a trusted SP, after the login form when the
 * browser has no session yet.
 */
export async function handleIdpInitiated(ctx: IdpContext, req: Request, res: Response): Promise<void> {
  if (ctx.defects.includes('no-idp-initiated') || !ctx.scenario.idp.idpInitiated) {
    return fail(ctx, req, res, {
      status: 501,
      check: 'idp-initiated-disabled',
      title: 'IdP-initiated sign-on is disabled',
      detail: 'this IdP does not offer IdP-initiated sign-on',
    });
  }
  const spParams = spParameters();
  const spId = spParams.map((p) => single(req, p)).find((v) => v !== undefined && v !== '');
  if (!spId) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'missing-parameter',
      title: 'Which service provider?',
      detail: `name the SP entityID in one of the query parameters ${spParams.join(', ')}`,
    });
  }
  const sp = ctx.peers.get(spId);
  if (!sp) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'unknown-sp',
      title: 'Unknown service provider',
      detail: `${spId} is not a trusted SP of this IdP; POST its metadata to /__accord/peers first`,
    });
  }
  const acs = chooseAcs(sp);
  if (!acs.ok) return fail(ctx, req, res, { status: 400, check: 'acs', title: 'No ACS', detail: acs.detail });
  const relayState = single(req, 'RelayState') ?? single(req, 'TargetResource') ?? undefined;
  const flow = flowFromCookieHeader(req.headers.cookie);
  ctx.trace.record({
    flow,
    direction: 'in',
    from: 'Browser',
    to: 'IdP',
    kind: 'IdpInitiated',
    method: req.method,
    url: clippedUrl(req),
    relayState,
    info: { sp: sp.entityId, acs: acs.url },
  });
  const session = ctx.sessions.ensure(req, res);
  const user = session.user ? ctx.findUser(session.user) : undefined;
  if (user) return sendSamlResponse(ctx, req, res, session, { sp, acsUrl: acs.url, relayState, flow }, user);
  const key = ctx.sessions.addPending(session, {
    kind: 'idp-initiated',
    spEntityId: sp.entityId,
    acsUrl: acs.url,
    relayState,
    flow,
  });
  res.redirect(303, `${ctx.url(ctx.paths.login)}?req=${encodeURIComponent(key)}`);
}
