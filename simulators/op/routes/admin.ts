import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { Health, TestUser } from '../../../lib/admin/protocol.ts';
import { claimsByScope } from '../../../lib/oidc/user-claims.ts';
import { PeerLimitError } from '../../../lib/state/peer-store.ts';
import { bodyRefusal } from '../../shared/body-limits.ts';
import { traceRoute } from '../../shared/trace-route.ts';
import {
  AdminInputError,
  readBackchannelOrder,
  readClientRegistration,
  readTokenPlan,
} from '../admin-input.ts';
import { DeliveryError, sendBackchannelLogout } from '../backchannel-logout.ts';
import { registerClient } from '../clients.ts';
import type { OpContext } from '../context.ts';
import { PROTOCOL_CLAIMS } from '../provider.ts';

const ADMIN = '/__accord';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_FLOW_ID = 256;

function badRequest(res: Response, check: string, error: string, status = 400): void {
  res.status(status).json({ error, check });
}

/** The body as JSON, whatever its Content-Type; broken JSON is an AdminInputError naming the body. */
function json(req: Request): unknown {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') throw new AdminInputError('body', 'the body must be JSON; it is empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AdminInputError('body', `the body is not JSON: ${(e as Error).message}`);
  }
}

/** Claims a plan may replace: those this OP issues, and none of the token's own. */
function checkPlanClaims(ctx: OpContext, claims: Record<string, unknown> | undefined): void {
  if (!claims) return;
  const issued = new Set(Object.values(claimsByScope(ctx.scenario.op.claims)).flat());
  for (const [name, value] of Object.entries(claims)) {
    if (PROTOCOL_CLAIMS.has(name)) {
      throw new AdminInputError(
        `/claims/${name}`,
        `token plan: /claims/${name}: a token claim, not the user's; use forge`,
      );
    }
    if (!issued.has(name)) {
      throw new AdminInputError(
        `/claims/${name}`,
        `token plan: /claims/${name}: not a claim this OP issues (${[...issued].join(', ')})`,
      );
    }
    if (name === 'sub' && (typeof value !== 'string' || value === '' || value.length > 255)) {
      throw new AdminInputError(
        '/claims/sub',
        'token plan: /claims/sub: must be a string of 1 to 255 characters',
      );
    }
  }
}

/** The admin API of lib/admin/oidc-protocol.ts and the shared routes of lib/admin/protocol.ts, OP side. */
export function adminRoutes(ctx: OpContext, app: Express, provider: () => Provider): void {
  const body = express.text({ type: () => true, limit: MAX_BODY_BYTES });
  const handle =
    (fn: (req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response, next: (e?: unknown) => void) => {
      try {
        await fn(req, res);
      } catch (e) {
        if (e instanceof AdminInputError) return badRequest(res, e.field, e.message);
        if (e instanceof DeliveryError) return badRequest(res, 'backchannelLogoutUri', e.message, 502);
        if (e instanceof PeerLimitError) {
          const hint = `already ${e.limit} clients, the limit: DELETE /__accord/clients/<clientId> one before adding another`;
          return badRequest(res, 'too-many-clients', hint, 409);
        }
        next(e);
      }
    };

  app.get(`${ADMIN}/health`, (_req, res) => {
    const health: Health = { ok: true, role: 'op', name: ctx.name, scenario: ctx.scenario.id, defects: [] };
    res.json(health);
  });
  app.get(`${ADMIN}/info`, (_req, res) => void res.json(ctx.info()));
  app.get(`${ADMIN}/trace`, traceRoute(ctx.trace));
  app.get(`${ADMIN}/test-users`, (_req, res) => {
    const users: TestUser[] = ctx.testUsers().map((u) => ({
      username: u.username,
      password: u.password,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      ...(u.phone ? { phone: u.phone } : {}),
      ...(u.address ? { address: u.address } : {}),
    }));
    res.json(users);
  });

  app.post(
    `${ADMIN}/clients`,
    body,
    handle(async (req, res) => {
      const reg = readClientRegistration(json(req));
      await registerClient(ctx, provider(), reg);
      res.json({ clientId: reg.clientId });
    }),
  );

  app.delete(`${ADMIN}/clients/:clientId`, (req, res) => {
    const gone = ctx.clients.delete(String(req.params.clientId));
    if (!gone) return badRequest(res, 'clientId', `no client "${req.params.clientId}" is registered`, 404);
    res.status(204).end();
  });

  app.put(
    `${ADMIN}/flows/:flow`,
    body,
    handle((req, res) => {
      const flow = String(req.params.flow);
      if (flow.length > MAX_FLOW_ID)
        throw new AdminInputError('flow', `a flow id is at most ${MAX_FLOW_ID} characters`);
      const plan = readTokenPlan(json(req));
      checkPlanClaims(ctx, plan.claims);
      // The key exists from now on, so that a client fetching the JWKS before the token can find it.
      const rotatedKey = plan.forge === 'rotated-key' ? ctx.keys.addKey() : undefined;
      ctx.plans.set(flow, { plan, rotatedKey });
      res.status(204).end();
    }),
  );
  app.delete(`${ADMIN}/flows/:flow`, (req, res) => {
    ctx.plans.delete(String(req.params.flow));
    res.status(204).end();
  });

  app.get(`${ADMIN}/keys`, (_req, res) => void res.json(ctx.keys.state()));
  app.post(`${ADMIN}/keys/rotate`, (req, res) => {
    // A rotation makes a new key (a costly RSA generation): parameters it would ignore, such as a
    // kid the caller hopes to choose, are refused rather than rotating as if they had been read.
    const query = req.originalUrl.indexOf('?');
    if (query >= 0 && query < req.originalUrl.length - 1)
      return badRequest(res, 'query', 'POST /__accord/keys/rotate takes no query parameters');
    res.json(ctx.keys.rotate());
  });

  app.post(
    `${ADMIN}/backchannel-logout`,
    body,
    handle(async (req, res) => {
      res.json(await sendBackchannelLogout(ctx, readBackchannelOrder(json(req))));
    }),
  );

  const unreadable: ErrorRequestHandler = (err, _req, res, next) => {
    const refused = bodyRefusal(err);
    if (!refused) return next(err);
    badRequest(res, 'body', refused.message, refused.status);
  };
  app.use(ADMIN, unreadable);
}
