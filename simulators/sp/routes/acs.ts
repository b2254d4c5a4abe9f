import type { Express, Request, Response } from 'express';
import { nextTurn } from '../../../lib/async/next-turn.ts';
import { SamlInputError } from '../../../lib/saml/errors.ts';
import { readResponse, readResponseWith, readsStrictly } from '../../../lib/saml/validate/read-response.ts';
import type { ValidationResult } from '../../../lib/saml/validate/types.ts';
import { validateRead } from '../../../lib/saml/validate/validate-response.ts';
import { clipText } from '../../../lib/trace/clip-entry.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { currentSession, sessionFor, setSessionCookie, singleParam } from '../http.ts';
import { openIfEncrypted } from '../open-encrypted.ts';
import { provisionUser, signedInUser } from '../provision-user.ts';
import { safeLocalPath } from '../relay-state.ts';
import { sendResponseRefused } from '../response-refused.ts';
import { honouredSigningCerts } from '../rollover-certs.ts';
import { idpForResponse } from '../route-idp.ts';
import { reportTestSso } from '../routing/test-sso-result.ts';
import { discardUnsigned, identityBesideSigned } from '../unsigned-assertions.ts';

/** The AssertionConsumerService (HTTP-POST only, SAML bindings 3.5). */
export function mountAcs(app: Express, ctx: SpContext): void {
  const paths = ['/acs', '/acs-unlisted'];
  app.post(paths, (req, res, next) => {
    consume(ctx, req, res).catch(next);
  });
  app.get(paths, (req, res) => {
    const detail = 'the AssertionConsumerService accepts the HTTP-POST binding only';
    ctx.record(req, {
      direction: 'in',
      from: 'IdP',
      to: 'SP',
      kind: 'Error',
      method: 'GET',
      url: receivedAt(ctx, req),
      info: { code: 'wrong-binding', error: detail },
    });
    res
      .status(405)
      .set('Allow', 'POST')
      .type('html')
      .send(errorPage('Wrong binding', 'wrong-binding', detail));
  });
}

function receivedAt(ctx: SpContext, req: Request): string {
  return `${ctx.urls.base}${req.path}`;
}

async function consume(ctx: SpContext, req: Request, res: Response): Promise<void> {
  const url = receivedAt(ctx, req);
  let samlResponse: string | undefined;
  let relayState: string | undefined;
  try {
    samlResponse = singleParam(req.body, 'SAMLResponse');
    relayState = singleParam(req.body, 'RelayState');
  } catch (e) {
    if (e instanceof SamlInputError) return badInput(ctx, req, res, url, e);
    throw e;
  }
  const session = currentSession(ctx, req);
  const strict = readResponse(samlResponse);
  const testing = ctx.routing.isTest(strict.received?.root.getAttribute('InResponseTo'));
  await nextTurn();
  const idp = idpForResponse(ctx, session, strict);
  if (!idp && samlResponse) {
    const detail = 'no IdP is trusted yet: POST its metadata to /__accord/peers';
    ctx.record(req, {
      direction: 'in',
      from: 'IdP',
      to: 'SP',
      kind: 'Response',
      binding: 'HTTP-POST',
      method: 'POST',
      url,
      relayState,
      raw: samlResponse,
      info: { accepted: false, error: detail },
    });
    res
      .status(409)
      .type('html')
      .send(errorPage('SAML Response rejected', 'no-idp', detail));
    return;
  }
  const certs = honouredSigningCerts(ctx, idp);
  const opened = await openIfEncrypted(ctx, samlResponse, certs);
  if (opened.error) return badInput(ctx, req, res, url, opened.error, samlResponse);
  samlResponse = opened.samlResponse;
  const received = opened.encrypted ? readResponse(samlResponse) : strict;
  const keepRequests = ctx.has('no-replay-cache');
  const outstanding = (id: string) =>
    ctx.has('inresponseto-any-session')
      ? ctx.sessions.takeRequestAnywhere(id, keepRequests) !== undefined
      : session
        ? ctx.sessions.takeRequest(session, id, keepRequests) !== undefined
        : false;
  // Parsed once: the seeded defects that read bytes differently read them again their way.
  let read = readsStrictly(ctx.opts.defects)
    ? received
    : await readResponseWith(samlResponse, ctx.opts.defects);
  if (ctx.has('discard-unsigned-assertions') && samlResponse)
    ({ read, samlResponse } = discardUnsigned(read, samlResponse, certs));
  // claims-from-unsigned-assertion counts the message as signed as naive-signature-lookup does.
  const besideSigned = ctx.has('claims-from-unsigned-assertion');
  const defects = besideSigned ? new Set([...ctx.opts.defects, 'naive-signature-lookup']) : ctx.opts.defects;
  const result = await validateRead(read, {
    idp: { entityId: idp?.entityId ?? '', signingCerts: certs },
    sp: {
      entityId: ctx.urls.entityId,
      acsUrls: ctx.has('bad-acs-url') ? [ctx.urls.acs, ctx.urls.unlistedAcs] : [ctx.urls.acs],
    },
    outstandingRequestIds: outstanding,
    allowUnsolicited: ctx.opts.allowIdpInitiated || ctx.has('accept-unsolicited'),
    now: ctx.opts.clock(),
    skewSeconds: ctx.opts.skewSeconds,
    replayCache: ctx.replayCache,
    receivedAt: url,
    defects,
    tolerated: ctx.opts.tolerate,
  });
  if (result.inputError) return badInput(ctx, req, res, url, result.inputError, samlResponse, result);
  if (testing) return reportTestSso(ctx, req, res, result, idp?.entityId ?? '', url);
  if (besideSigned && result.accepted) result.identity = identityBesideSigned(read, certs) ?? result.identity;

  const base = {
    direction: 'in' as const,
    from: 'IdP',
    to: 'SP',
    kind: 'Response',
    binding: 'HTTP-POST' as const,
    method: 'POST',
    url,
    relayState,
    raw: samlResponse,
    decoded: result.xml,
    checks: result.checks,
  };
  if (!result.accepted || !result.identity) {
    ctx.record(req, {
      ...base,
      info: {
        accepted: false,
        encrypted: opened.encrypted,
        idp: idp?.entityId,
        assertionId: result.assertionId,
        inResponseTo: result.inResponseTo,
        relayState,
      },
    });
    sendResponseRefused(res, 'SAML Response rejected', result);
    return;
  }

  const identity = result.identity;
  // The IdP the Response was judged against; the asserted Issuer may differ only under skip-issuer.
  const idpId = idp?.entityId ?? identity.issuer;
  const tolerated = result.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const info = {
    accepted: true,
    ...(tolerated.length > 0 ? { tolerated } : {}),
    encrypted: opened.encrypted,
    nameId: identity.nameId,
    nameIdFormat: identity.nameIdFormat,
    attributes: identity.attributes,
    relayState,
    idp: idpId,
    assertionId: result.assertionId,
    inResponseTo: result.inResponseTo,
  };
  const provisioned = provisionUser(ctx, identity, idpId);
  if (!provisioned.ok) {
    ctx.record(req, { ...base, info: { ...info, signedIn: false, error: provisioned.code } });
    res
      .status(403)
      .type('html')
      .send(errorPage('Sign-in failed', provisioned.code, provisioned.detail));
    return;
  }
  const { jit } = provisioned;
  const user = signedInUser(ctx, provisioned.user);

  const signedIn = ctx.sessions.rotate(session ?? sessionFor(ctx, req));
  signedIn.login = {
    email: user.email,
    idp: idpId,
    nameId: identity.nameId,
    nameIdFormat: identity.nameIdFormat,
    nameQualifier: identity.nameQualifier,
    spNameQualifier: identity.spNameQualifier,
    sessionIndex: identity.sessionIndex,
    attributes: ctx.has('attributes-first-value-only')
      ? Object.fromEntries(Object.entries(identity.attributes).map(([k, v]) => [k, v.slice(0, 1)]))
      : identity.attributes,
    at: ctx.opts.clock().getTime(),
  };
  setSessionCookie(ctx, res, signedIn);
  const target = ctx.has('drop-relaystate')
    ? '/me'
    : (ctx.has('no-relaystate-allowlist') ? relayState : safeLocalPath(relayState)) || '/me';
  ctx.record(req, { ...base, info: { ...info, signedIn: true, user: user.email, jit, redirectTo: target } });
  // res.redirect would negotiate and render a body no browser shows; the Location is what counts.
  res.status(303).location(target).end();
}

function badInput(
  ctx: SpContext,
  req: Request,
  res: Response,
  url: string,
  e: SamlInputError,
  raw?: string,
  result?: ValidationResult,
): void {
  ctx.record(req, {
    direction: 'in',
    from: 'IdP',
    to: 'SP',
    kind: 'Error',
    binding: 'HTTP-POST',
    method: 'POST',
    url,
    // A message that could not be read keeps only its start: enough to see what it was.
    raw: raw && clipText(raw, 4096),
    decoded: result?.xml && clipText(result.xml, 4096),
    checks: result?.checks,
    info: { code: e.code, error: e.message },
  });
  res
    .status(e.code === 'too-large' ? 413 : 400)
    .type('html')
    .send(errorPage('Bad SAML message', e.code, e.message));
}
