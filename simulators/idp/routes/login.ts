import type { Request, Response } from 'express';
import { ASK_STAY_SIGNED_IN, STAY_SIGNED_IN } from '../../../lib/admin/login-form.ts';
import { flowFromCookieHeader } from '../../../lib/trace/recorder.ts';
import { loginPage, staySignedInPage } from '../../shared/login-page.ts';
import { escapeHtml, page } from '../../shared/pages.ts';
import type { IdpContext } from '../context.ts';
import { fail } from '../fail.ts';
import type { PathTable } from '../path-table.ts';
import { sendSamlResponse } from '../respond.ts';
import type { IdpSession } from '../session.ts';

function field(req: Request, name: string): string | undefined {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

function queryValue(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

function showForm(
  ctx: IdpContext,
  res: Response,
  session: IdpSession | undefined,
  key: string | undefined,
  extra: { status?: number; error?: string; username?: string } = {},
): void {
  const pending = key && session ? session.pending.get(key) : undefined;
  res
    .status(extra.status ?? 200)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      loginPage({
        look: ctx.look,
        scenarioTitle: ctx.scenario.title,
        action: ctx.url(ctx.paths.login),
        pendingKey: pending ? key : undefined,
        requester: pending?.spEntityId,
        username: extra.username,
        error: extra.error,
        users: ctx.explicitUsers(),
        identifierFirst: ctx.signIn.identifierFirst,
        askStaySignedIn: ctx.signIn.staySignedIn,
      }),
    );
}

/** The sign-in form; a correct password signs the browser in and answers the login that waited for it. */
export function loginRoutes(ctx: IdpContext, table: PathTable): void {
  table.add(ctx.paths.login, ['GET', 'POST'], async (req, res) => {
    if (req.method === 'GET') return showForm(ctx, res, ctx.sessions.get(req), queryValue(req, 'req'));
    if (field(req, STAY_SIGNED_IN) !== undefined) return answerStaySignedIn(ctx, req, res);

    const username = field(req, 'username') ?? '';
    const password = field(req, 'password') ?? '';
    const key = field(req, 'req');
    const flow = flowFromCookieHeader(req.headers.cookie);
    const user = username ? ctx.findUser(username) : undefined;
    const ok = !!user && user.password === password;
    ctx.trace.record({
      flow,
      direction: 'in',
      from: 'Browser',
      to: 'IdP',
      kind: 'Login',
      method: 'POST',
      url: req.originalUrl,
      info: { username, result: ok ? 'signed in' : 'wrong user name or password' },
    });
    if (!user || !ok) {
      return showForm(ctx, res, ctx.sessions.get(req), key, {
        status: 401,
        error: 'Incorrect user ID or password. Type the correct user ID and password, and try again.',
        username,
      });
    }
    const session = ctx.sessions.ensure(req, res);
    ctx.sessions.signIn(session, user.username, ctx.now());
    // Only the page's own form asks for the question: a client posting the fields itself goes on.
    if (ctx.signIn.staySignedIn && field(req, ASK_STAY_SIGNED_IN) === '1') {
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          staySignedInPage({
            look: ctx.look,
            action: ctx.url(ctx.paths.login),
            hidden: key ? { req: key } : {},
          }),
        );
      return;
    }
    await answerLogin(ctx, req, res, session, key, flow);
  });
}

/** "Stay signed in?" answered: the session made with the password answers the login that waited. */
function answerStaySignedIn(ctx: IdpContext, req: Request, res: Response): Promise<void> {
  return answerLogin(
    ctx,
    req,
    res,
    ctx.sessions.get(req),
    field(req, 'req'),
    flowFromCookieHeader(req.headers.cookie),
  );
}

/** The Response owed to the login `key` waited for, or a signed-in page when none waited. */
async function answerLogin(
  ctx: IdpContext,
  req: Request,
  res: Response,
  session: IdpSession | undefined,
  key: string | undefined,
  flow: ReturnType<typeof flowFromCookieHeader>,
): Promise<void> {
  const user = session?.user ? ctx.findUser(session.user) : undefined;
  if (!session || !user) {
    return showForm(ctx, res, session, key, {
      status: 401,
      error: 'Your sign-in session has ended. Sign in again.',
    });
  }
  const pending = ctx.sessions.takePending(session, key);
  if (!pending) {
    res
      .type('html')
      .send(
        page(
          ctx.look.title,
          `<h1>${escapeHtml(ctx.look.heading)}</h1><p class="ok" id="signed-in">Signed in as <code>${escapeHtml(user.username)}</code>.</p>`,
        ),
      );
    return;
  }
  const sp = ctx.peers.get(pending.spEntityId);
  if (!sp) {
    return fail(ctx, req, res, {
      status: 400,
      check: 'unknown-sp',
      title: 'Unknown service provider',
      detail: `${pending.spEntityId} is no longer a trusted SP of this IdP`,
    });
  }
  await sendSamlResponse(
    ctx,
    req,
    res,
    session,
    {
      sp,
      acsUrl: pending.acsUrl,
      inResponseTo: pending.requestId,
      relayState: pending.relayState,
      flow: pending.flow ?? flow,
    },
    user,
  );
}
