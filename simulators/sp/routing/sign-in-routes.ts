import type { Express, Request, Response } from 'express';
import { errorPage, escapeHtml, page } from '../../shared/pages.ts';
import type { SpContext } from '../context.ts';
import { singleParam } from '../http.ts';
import { chooseRule } from './choose-rule.ts';
import { evaluationFlaws } from './evaluation-flaws.ts';
import { IDENTITY_LOGIN_PATH, identityLoginPage, identitySignIn } from './identity-idp.ts';
import { IDP_KINDS, kindOf } from './idp-kinds.ts';

/** Longest address accepted (RFC 5321 4.5.3.1.3: a path is at most 256 octets). */
const MAX_EMAIL = 254;

/**
 * Email-first sign-in (`/signin?email=`), "Test SSO setup" (`/test-sso?idp=`), and the built-in
 * identity IdP's password page.
 */
export function mountRoutedSignIn(app: Express, ctx: SpContext): void {
  app.get('/signin', (req, res) => {
    const email = singleParam(req.query, 'email');
    if (email === undefined) {
      res.status(200).type('html').send(emailForm());
      return;
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > MAX_EMAIL) {
      res
        .status(400)
        .type('html')
        .send(errorPage('Cannot start sign-in', 'email', `"${email.slice(0, 80)}" is not an email address`));
      return;
    }
    routeByEmail(ctx, req, res, email);
  });

  app.get('/test-sso', (req, res) => {
    const idp = singleParam(req.query, 'idp');
    const kind = idp === undefined ? undefined : kindOf(ctx, idp);
    if (!idp || !kind) {
      res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'Cannot test SSO',
            'idp',
            idp ? `the organisation has no IdP "${idp}"` : 'name the IdP to test: ?idp=<entityID>',
          ),
        );
      return;
    }
    // Seed: "Test the SSO connection before you enable it. This step works like a dry run and
    // doesn't affect your organization settings until you enable SSO in the next step."
    IDP_KINDS[kind].begin(ctx, idp, req, res, undefined, { test: true });
  });

  app.get(IDENTITY_LOGIN_PATH, (req, res) => {
    res.status(200).type('html').send(identityLoginPage(req.query));
  });
  app.post(IDENTITY_LOGIN_PATH, (req, res, next) => {
    identitySignIn(ctx, req, res).catch(next);
  });
}

/** Evaluates the routing rules for the address and starts the sign-in at the IdP the rule names. */
function routeByEmail(ctx: SpContext, req: Request, res: Response, email: string): void {
  const known = ctx.users.findByUid(email);
  const rule = chooseRule(ctx.routing.rules(), { email, groups: known?.groups ?? [] }, evaluationFlaws(ctx));
  const relayState = singleParam(req.query, 'RelayState');
  if (!rule) {
    if (ctx.has('routing-offers-every-idp')) {
      res.status(200).type('html').send(idpPicker(ctx, email));
      return;
    }
    res
      .status(404)
      .type('html')
      .send(errorPage('Cannot start sign-in', 'routing', `no routing rule matches ${email}`));
    return;
  }
  const kind = kindOf(ctx, rule.idp);
  if (!kind) {
    res
      .status(409)
      .type('html')
      .send(
        errorPage(
          'Cannot start sign-in',
          'routing',
          `rule "${rule.name}" routes to an IdP the organisation no longer has`,
        ),
      );
    return;
  }
  ctx.record(req, {
    direction: 'in',
    from: 'Browser',
    to: 'SP',
    kind: 'Routing',
    method: 'GET',
    url: `${ctx.urls.base}/signin`,
    info: { email, rule: rule.name, idp: rule.idp, kind },
  });
  IDP_KINDS[kind].begin(ctx, rule.idp, req, res, relayState, { email });
}

function emailForm(): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1><form method="get" action="/signin"><label>Email <input id="email" name="email" type="email"></label>
<button type="submit">Next</button></form>`,
  );
}

/** The routing-offers-every-idp defect's page: every IdP of the organisation, routed or not. */
function idpPicker(ctx: SpContext, email: string): string {
  const items = ctx.peers
    .list()
    .map(
      (p) => `<li><a href="/login?idp=${encodeURIComponent(p.entityId)}">${escapeHtml(p.entityId)}</a></li>`,
    )
    .join('');
  return page('Choose your IdP', `<h1>Choose how ${escapeHtml(email)} signs in</h1><ul>${items}</ul>`);
}
