import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { Health, TestUser } from '../../../lib/admin/protocol.ts';
import { SamlInputError } from '../../../lib/saml/errors.ts';
import { MAX_METADATA_BYTES } from '../../../lib/saml/metadata/parse-metadata.ts';
import { PeerLimitError } from '../../../lib/state/peer-store.ts';
import { bodyRefusal } from '../../shared/body-limits.ts';
import { traceRoute } from '../../shared/trace-route.ts';
import type { IdpContext } from '../context.ts';
import { issueLogoutRequest } from '../issue-logout-request.ts';
import { LogoutOrderError, readLogoutOrder } from '../logout-request-order.ts';
import { PeerNameIdError, readPeerNameId } from '../peer-name-id.ts';
import { PlanError, validatePlan } from '../plans.ts';
import { handleIdpInitiated } from './idp-initiated.ts';

const ADMIN = '/__accord';
const MAX_ORDER_BYTES = 16 * 1024;

function badRequest(res: Response, check: string, error: string): void {
  res.status(400).json({ error, check });
}

/**
 * Trusting a peer takes its metadata XML whatever the Content-Type, so this route parses its own
 * body and must be mounted before the shared body parsers.
 */
export function peerRoute(ctx: IdpContext, app: Express): void {
  app.post(
    `${ADMIN}/peers`,
    express.text({ type: () => true, limit: MAX_METADATA_BYTES }),
    (req: Request, res: Response) => {
      const body: unknown = req.body;
      if (typeof body !== 'string') {
        return badRequest(res, 'missing-parameter', 'the body must be SP metadata XML');
      }
      try {
        const sp = ctx.peers.add(body, readPeerNameId(req.query));
        res.status(200).json({ entityId: sp.entityId, ...(sp.nameId ? { nameId: sp.nameId } : {}) });
      } catch (e) {
        if (e instanceof PeerNameIdError) return badRequest(res, 'bad-parameter', e.message);
        if (e instanceof PeerLimitError)
          return void res.status(409).json({ error: e.message, check: 'too-many-peers' });
        if (!(e instanceof SamlInputError)) throw e;
        badRequest(res, e.code, e.message);
      }
    },
  );
}

/**
 * Issues a signed IdP-initiated LogoutRequest without sending it. The body is read as text and
 * parsed here, so that broken JSON gets the same {error, check} answer as any other bad field.
 */
export function logoutRequestRoute(ctx: IdpContext, app: Express): void {
  app.post(
    `${ADMIN}/logout-requests`,
    express.text({ type: () => true, limit: MAX_ORDER_BYTES }),
    (req: Request, res: Response) => {
      try {
        res.status(200).json(issueLogoutRequest(ctx, readLogoutOrder(ctx, req.body)));
      } catch (e) {
        if (!(e instanceof LogoutOrderError)) throw e;
        badRequest(res, e.field, e.message);
      }
    },
  );
  const unreadable: ErrorRequestHandler = (err, _req, res, next) => {
    const refused = bodyRefusal(err);
    if (!refused) return next(err);
    res.status(refused.status).json({ error: refused.message, check: 'body' });
  };
  app.use(`${ADMIN}/logout-requests`, unreadable);
}

/** The admin API of lib/admin/protocol.ts, IdP side. */
export function adminRoutes(ctx: IdpContext, app: Express): void {
  app.get(`${ADMIN}/health`, (_req, res) => {
    const health: Health = {
      ok: true,
      role: 'idp',
      name: ctx.name,
      scenario: ctx.scenario.id,
      defects: ctx.defects,
    };
    res.json(health);
  });

  app.delete(`${ADMIN}/peers`, (req, res) => {
    const entityId = req.query.entityId;
    if (typeof entityId !== 'string' || entityId === '')
      return badRequest(res, 'entityId', 'name the SP to stop trusting: ?entityId=…, once');
    if (!ctx.peers.remove(entityId))
      return void res
        .status(404)
        .json({ error: `no trusted SP has entityID ${entityId}`, check: 'entityId' });
    res.status(204).end();
  });

  app.get(`${ADMIN}/info`, (_req, res) => {
    res.json(ctx.info());
  });

  app.get(`${ADMIN}/trace`, traceRoute(ctx.trace));

  app.put(`${ADMIN}/flows/:flow`, async (req, res) => {
    try {
      const plan = await validatePlan(req.body);
      ctx.plans.set(req.params.flow, plan);
      res.json(plan);
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
      badRequest(res, 'plan', e.message);
    }
  });

  app.delete(`${ADMIN}/flows/:flow`, (req, res) => {
    ctx.plans.delete(req.params.flow);
    res.status(204).end();
  });

  app.get(`${ADMIN}/test-users`, (_req, res) => {
    const users: TestUser[] = ctx.testUsers().map((u) => ({
      username: u.username,
      password: u.password,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
    }));
    res.json(users);
  });

  app.get(`${ADMIN}/idp-initiated`, (req, res) => handleIdpInitiated(ctx, req, res));
}
