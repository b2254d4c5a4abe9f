import express, { type ErrorRequestHandler, type Express } from 'express';
import type { SpInfo } from '../../lib/admin/protocol.ts';
import { errorHandler, useBodyParsers } from '../shared/body-limits.ts';
import { errorPage } from '../shared/pages.ts';
import { TRACE_PAGE_PATH, tracePage } from '../shared/trace-page.ts';
import { mountCertificates } from './certs/certificate-routes.ts';
import { SpContext } from './context.ts';
import { mountOidc } from './oidc/mount.ts';
import { resolveSpOptions, type SpSimulatorOptions } from './options.ts';
import { mountAcs } from './routes/acs.ts';
import { mountAdmin } from './routes/admin.ts';
import { mountClock } from './routes/clock.ts';
import { mountLogin } from './routes/login.ts';
import { mountLogout } from './routes/logout.ts';
import { mountMe } from './routes/me.ts';
import { mountMetadata } from './routes/metadata.ts';
import { mountSlo } from './routes/slo.ts';
import { mountRoutingAdmin } from './routing/admin-routes.ts';
import { mountRoutedSignIn } from './routing/sign-in-routes.ts';

export interface SpSimulator {
  app: Express;
  context: SpContext;
  /** Fixes the public base URL (known once listening); every published URL derives from it. */
  attach(baseUrl: string): SpInfo;
}

const PROTOCOL_PATHS = new Set(['/acs', '/acs-unlisted', '/slo']);

/** The reference SP: an identity service with Webex semantics, as an express app. */
export function createSpSimulator(options: SpSimulatorOptions = {}): SpSimulator {
  const ctx = new SpContext(resolveSpOptions(options));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    if (ctx.isAttached) return next();
    res
      .status(503)
      .type('html')
      .send(errorPage('Not ready', 'not-attached', 'the SP has no base URL yet'));
  });
  if (ctx.has('no-size-limit')) {
    // Parsed here first, the shared parsers (with their cap) leave the body alone.
    app.post(
      [...PROTOCOL_PATHS],
      express.urlencoded({ extended: false, limit: '256mb', parameterLimit: 50 }),
    );
  }
  useBodyParsers(app);
  app.get(TRACE_PAGE_PATH, tracePage(ctx.trace, 'Reference SP'));
  mountRoutingAdmin(app, ctx);
  mountAdmin(app, ctx);
  mountClock(app, ctx);
  mountCertificates(app, ctx);
  mountRoutedSignIn(app, ctx);
  mountMetadata(app, ctx);
  mountOidc(app, ctx);
  mountLogin(app, ctx);
  mountAcs(app, ctx);
  mountLogout(app, ctx);
  mountSlo(app, ctx);
  mountMe(app, ctx);
  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(errorPage('Not found', 'not-found', `no page at ${req.path}`));
  });
  app.use(traceProtocolErrors(ctx));
  app.use(errorHandler);
  return { app, context: ctx, attach: (baseUrl) => ctx.attach(baseUrl) };
}

/** Body-parser failures on protocol endpoints (oversized or malformed forms) are traced before the shared handler answers. */
function traceProtocolErrors(ctx: SpContext): ErrorRequestHandler {
  return (err, req, _res, next) => {
    if (PROTOCOL_PATHS.has(req.path)) {
      const e = err as { message?: string; type?: string; code?: string };
      ctx.record(req, {
        direction: 'in',
        from: 'IdP',
        to: 'SP',
        kind: 'Error',
        method: req.method,
        url: `${ctx.urls.base}${req.path}`,
        info: { code: e.code ?? e.type ?? 'request', error: e.message ?? String(err) },
      });
    }
    next(err);
  };
}
