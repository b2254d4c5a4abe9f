import type { Express, Request, Response } from 'express';
import { authorizationResponseOf } from '../../rp/rules/authorization-response.ts';
import { RuleRefusal } from '../../rp/rules/rule.ts';
import { completeCodeFlow } from '../../rp/sign-in.ts';
import { errorPage } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { currentSession, setSessionCookie, singleParam } from '../http.ts';
import { provisionUser, signedInUser } from '../provision-user.ts';
import { safeLocalPath } from '../relay-state.ts';
import { finishTestSso } from '../routing/test-sso-result.ts';
import { claimAttributes, DEFAULT_EMAIL_CLAIM } from './claim-attributes.ts';
import { oidcIdps } from './oidc-idps.ts';
import { oidcSessions, type PendingOidc } from './oidc-sessions.ts';

/** Marks an OIDC sign-in where the SAML login would hold the NameID Format. */
export const OIDC_SUBJECT_FORMAT = 'oidc:sub';

function refused(
  ctx: SpContext,
  req: Request,
  res: Response,
  rule: string,
  reason: string,
  idp?: string,
  title = 'Sign-in refused',
) {
  ctx.record(req, {
    direction: 'out',
    from: 'SP',
    to: 'Browser',
    kind: 'Error',
    info: { idp, rule, error: reason },
  });
  res
    .status(400)
    .type('html')
    .send(errorPage(title, rule, reason));
}

/** The IdP the response answers: the one whose request carried its state, else the latest asked. */
function idpAnswered(pending: readonly PendingOidc[], state: string | undefined): string | undefined {
  return (pending.find((p) => p.state !== undefined && p.state === state) ?? pending.at(-1))?.idp;
}

/**
 * GET /oidc/callback, the redirect_uri registered at every OIDC IdP: the reference RP's code flow
 * (response, code exchange, full ID token validation, userinfo sub match), then the same
 * provisioning as a SAML sign-in, the claims read through the SAML attribute mapping.
 */
export function mountOidcCallback(app: Express, ctx: SpContext): void {
  app.get('/oidc/callback', async (req, res) => {
    const response = authorizationResponseOf((name) => singleParam(req.query, name));
    const callbackUrl = new URL(req.originalUrl, `${ctx.urls.base}/`);
    ctx.record(req, {
      direction: 'in',
      from: 'OP',
      to: 'SP',
      kind: 'AuthenticationResponse',
      binding: 'HTTP-Redirect',
      method: 'GET',
      url: callbackUrl.href,
      info: { ...response },
    });
    const session = currentSession(ctx, req);
    const sessions = oidcSessions(ctx);
    const all = sessions.pendingOf(session?.id);
    const idpName = idpAnswered(all, response.state);
    const idp = idpName === undefined ? undefined : oidcIdps(ctx).get(idpName);
    const op = idpName === undefined ? undefined : oidcIdps(ctx).connection(idpName);
    if (!session || !idp || !op)
      return refused(
        ctx,
        req,
        res,
        'state',
        'this browser has no OpenID Connect sign-in waiting for an answer',
      );
    const pending = all.filter((p) => p.idp === idp.name);
    let answered: PendingOidc | undefined;
    try {
      const signIn = await completeCodeFlow({
        op,
        defects: oidcIdps(ctx).rpDefects,
        skewSeconds: ctx.opts.skewSeconds,
        now: () => ctx.opts.clock().getTime(),
        callbackUrl,
        response,
        pending,
        answered: (request) => {
          answered = request as PendingOidc;
          sessions.answered(session.id, request);
        },
        received: (jwt) =>
          ctx.record(req, {
            direction: 'in',
            from: 'OP',
            to: 'SP',
            kind: 'IdToken',
            raw: jwt.raw,
            decoded: JSON.stringify({ header: jwt.header, claims: jwt.claims }, null, 2),
          }),
      });
      const emailClaim = idp.emailClaim ?? DEFAULT_EMAIL_CLAIM;
      const attributes = claimAttributes(
        { ...signIn.idTokenClaims, ...(signIn.userinfo ?? {}) },
        emailClaim,
        ctx.opts.emailAttribute,
      );
      if (ctx.routing.isTest(answered?.relayState)) {
        const email = attributes[ctx.opts.emailAttribute]?.[0] ?? signIn.sub ?? '';
        ctx.record(req, {
          direction: 'out',
          from: 'SP',
          to: 'Browser',
          kind: 'TestSso',
          info: { idp: idp.name, test: true, accepted: true, sub: signIn.sub, email },
        });
        finishTestSso(ctx, res, idp.name, email);
        return;
      }
      const provisioned = provisionUser(
        ctx,
        { nameId: signIn.sub ?? '', nameIdFormat: OIDC_SUBJECT_FORMAT, attributes, issuer: signIn.iss },
        idp.name,
        { ...ctx.opts.jit, ...idp.jit },
      );
      if (!provisioned.ok) {
        const detail =
          provisioned.code === 'email-missing'
            ? `neither the ID token nor userinfo carries the ${emailClaim} claim, which holds the user's email address`
            : provisioned.detail;
        ctx.record(req, {
          direction: 'out',
          from: 'SP',
          to: 'Browser',
          kind: 'Error',
          info: { idp: idp.name, signedIn: false, error: provisioned.code, attributes },
        });
        res
          .status(403)
          .type('html')
          .send(errorPage('Sign-in failed', provisioned.code, detail));
        return;
      }
      const user = signedInUser(ctx, provisioned.user);
      const signedIn = ctx.sessions.rotate(session);
      sessions.end(session.id);
      signedIn.login = {
        email: user.email,
        idp: idp.name,
        nameId: signIn.sub ?? '',
        nameIdFormat: OIDC_SUBJECT_FORMAT,
        sessionIndex: signIn.sid,
        attributes,
        at: ctx.opts.clock().getTime(),
      };
      sessions.signedIn(signedIn.id, { ...signIn, idp: idp.name });
      setSessionCookie(ctx, res, signedIn);
      const target = safeLocalPath(answered?.relayState) || '/me';
      ctx.record(req, {
        direction: 'out',
        from: 'SP',
        to: 'Browser',
        kind: 'SignedIn',
        info: {
          idp: idp.name,
          sub: signIn.sub,
          sid: signIn.sid,
          user: user.email,
          jit: provisioned.jit,
          redirectTo: target,
        },
      });
      res.status(303).location(target).end();
    } catch (e) {
      if (!(e instanceof RuleRefusal)) throw e;
      const testing = (p: PendingOidc | undefined) => ctx.routing.isTest(p?.relayState);
      const title =
        testing(answered) || (pending.length > 0 && pending.every(testing))
          ? 'Test SSO setup failed'
          : undefined;
      refused(ctx, req, res, e.rule, e.reason, idp.name, title);
    }
  });
}
