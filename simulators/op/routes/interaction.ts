import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { ASK_STAY_SIGNED_IN, STAY_SIGNED_IN } from '../../../lib/admin/login-form.ts';
import { supportedScopes } from '../../../lib/oidc/user-claims.ts';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';
import { HTTP_LIMITS } from '../../shared/http-limits.ts';
import { loginPage, staySignedInPage } from '../../shared/login-page.ts';
import { errorPage } from '../../shared/pages.ts';
import type { OpContext } from '../context.ts';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** The interaction the browser's cookie names, or a 400 page saying the sign-in must start again. */
async function interaction(provider: Provider, req: Request, res: Response): Promise<Details | undefined> {
  try {
    return await provider.interactionDetails(req, res);
  } catch (e) {
    if (!(e instanceof errors.SessionNotFound)) throw e;
    res
      .status(400)
      .type('html')
      .send(
        errorPage(
          'Sign-in session not found',
          'interaction',
          `${e.error_description ?? e.message}: start the sign-in again from the application`,
        ),
      );
    return undefined;
  }
}

function showForm(
  ctx: OpContext,
  req: Request,
  res: Response,
  d: Details,
  extra: { status?: number; error?: string; username?: string } = {},
) {
  res
    .status(extra.status ?? 200)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      loginPage({
        look: ctx.look,
        scenarioTitle: ctx.scenario.title,
        action: req.originalUrl.split('?')[0],
        requester: typeof d.params.client_id === 'string' ? d.params.client_id : undefined,
        username: extra.username,
        error: extra.error,
        users: ctx.testUsers(0),
        identifierFirst: ctx.signIn.identifierFirst,
        askStaySignedIn: ctx.signIn.staySignedIn,
      }),
    );
}

/**
 * The sign-in page oidc-provider sends the browser to (interactions.url): the scenario's users sign
 * in with their password, and consent is given in code, as an enterprise OP does for its own apps.
 */
export function interactionRoutes(ctx: OpContext, app: Express, provider: () => Provider): void {
  // The scopes this OP grants (its dialect's); others a client asks for are left out of the grant.
  const granted = new Set(supportedScopes(ctx.scenario.op.claims));
  const path = `${ctx.mountPath}${ctx.scenario.op.paths.login}/:uid`;
  const handle =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) =>
      fn(req, res).catch(next);

  app.get(
    path,
    handle(async (req, res) => {
      const p = provider();
      const d = await interaction(p, req, res);
      if (!d) return;
      if (d.prompt.name !== 'consent') return showForm(ctx, req, res, d);
      // Consent asked again (prompt=consent, or scopes the grant lacks): granted in code.
      const missing = d.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      const grant =
        (d.grantId ? await p.Grant.find(d.grantId) : undefined) ??
        new p.Grant({ accountId: d.session?.accountId, clientId: String(d.params.client_id) });
      const scopes = (missing.missingOIDCScope ?? []).filter((s) => granted.has(s));
      if (scopes.length) grant.addOIDCScope(scopes.join(' '));
      if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
      await p.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    }),
  );

  app.post(
    path,
    express.urlencoded({
      extended: false,
      limit: HTTP_LIMITS.maxFormBytes,
      parameterLimit: HTTP_LIMITS.maxParameters,
    }),
    handle(async (req, res) => {
      const p = provider();
      const d = await interaction(p, req, res);
      if (!d) return;
      if (field(req, STAY_SIGNED_IN) !== '') {
        const accountId = ctx.awaitingStaySignedIn.get(d.uid);
        ctx.awaitingStaySignedIn.delete(d.uid);
        if (!accountId)
          return showForm(ctx, req, res, d, { status: 401, error: 'Your sign-in has ended. Sign in again.' });
        return finishLogin(p, req, res, d, accountId, granted);
      }
      const username = field(req, 'username');
      const user = username ? ctx.findUser(username) : undefined;
      const ok = !!user && user.password === field(req, 'password');
      ctx.trace.record({
        flow: flowFromCookieHeader(req.headers.cookie),
        direction: 'in',
        from: 'Browser',
        to: 'OP',
        kind: 'Login',
        method: 'POST',
        url: req.originalUrl.slice(0, 2048),
        info: { username: username.slice(0, 256), result: ok ? 'signed in' : 'wrong user name or password' },
      });
      if (!user || !ok) {
        return showForm(ctx, req, res, d, {
          status: 401,
          error: 'Incorrect user name or password. Type the correct user name and password, and try again.',
          username,
        });
      }
      const accountId = ctx.subjectOf(user);
      // Only the page's own form asks for the question: a client posting the fields itself goes on.
      if (ctx.signIn.staySignedIn && field(req, ASK_STAY_SIGNED_IN) === '1') {
        // One interaction waits at a time per browser; a bound keeps abandoned ones from piling up.
        if (ctx.awaitingStaySignedIn.size >= 1000) ctx.awaitingStaySignedIn.clear();
        ctx.awaitingStaySignedIn.set(d.uid, accountId);
        res
          .type('html')
          .set('Cache-Control', 'no-store')
          .send(staySignedInPage({ look: ctx.look, action: req.originalUrl.split('?')[0], hidden: {} }));
        return;
      }
      await finishLogin(p, req, res, d, accountId, granted);
    }),
  );
}

/** The interaction signed in as `accountId`, with the scopes this OP grants consented in code. */
async function finishLogin(
  p: Provider,
  req: Request,
  res: Response,
  d: Details,
  accountId: string,
  granted: ReadonlySet<string>,
) {
  const grant = new p.Grant({ accountId, clientId: String(d.params.client_id) });
  const requested = String(d.params.scope ?? 'openid').split(' ');
  grant.addOIDCScope(requested.filter((s) => granted.has(s)).join(' '));
  await p.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: false },
  );
}
