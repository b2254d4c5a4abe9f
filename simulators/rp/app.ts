import express, { type Express } from 'express';
import type { RpInfo } from '../../lib/admin/oidc-protocol.ts';
import { errorHandler, useBodyParsers } from '../shared/body-limits.ts';
import { errorPage } from '../shared/pages.ts';
import { RpContext } from './context.ts';
import { type RpSimulatorOptions, resolveRpOptions } from './options.ts';
import { mountAdmin } from './routes/admin.ts';
import { mountBackchannelLogout } from './routes/backchannel-logout.ts';
import { mountCallback } from './routes/callback.ts';
import { mountLogin } from './routes/login.ts';
import { mountLogout } from './routes/logout.ts';
import { mountMe } from './routes/me.ts';

export interface RpSimulator {
  app: Express;
  context: RpContext;
  /** Fixes the public base URL (known once listening); every published URL derives from it. */
  attach(baseUrl: string): RpInfo;
}

/** The reference OpenID Connect relying party, as an express app. */
export function createRpSimulator(options: RpSimulatorOptions = {}): RpSimulator {
  const ctx = new RpContext(resolveRpOptions(options));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    if (ctx.isAttached) return next();
    res
      .status(503)
      .type('html')
      .send(errorPage('Not ready', 'not-attached', 'the RP has no base URL yet'));
  });
  useBodyParsers(app);
  mountAdmin(app, ctx);
  mountLogin(app, ctx);
  mountCallback(app, ctx);
  mountMe(app, ctx);
  mountLogout(app, ctx);
  mountBackchannelLogout(app, ctx);
  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(errorPage('Not found', 'not-found', `no page at ${req.path}`));
  });
  app.use(errorHandler);
  return { app, context: ctx, attach: (baseUrl) => ctx.attach(baseUrl) };
}
