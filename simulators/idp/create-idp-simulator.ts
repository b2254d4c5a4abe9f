import express, { type ErrorRequestHandler, type Express } from 'express';
import type { IdpInfo } from '../../lib/admin/protocol.ts';
import { flowFromCookieHeader } from '../../lib/trace/recorder.ts';
import { errorHandler, useBodyParsers } from '../shared/body-limits.ts';
import { listen } from '../shared/listen.ts';
import { errorPage } from '../shared/pages.ts';
import { TRACE_PAGE_PATH, tracePage } from '../shared/trace-page.ts';
import { IdpContext, type IdpSimulatorOptions } from './context.ts';
import { clippedUrl } from './fail.ts';
import { PathTable } from './path-table.ts';
import { adminRoutes, logoutRequestRoute, peerRoute } from './routes/admin.ts';
import { handleIdpInitiated } from './routes/idp-initiated.ts';
import { loginRoutes } from './routes/login.ts';
import { metadataRoutes } from './routes/metadata.ts';
import { rolloverRoutes } from './routes/rollover.ts';
import { samlEndpointRoutes } from './routes/saml-endpoint.ts';
import { idpStartPage } from './start-page.ts';

export type { IdpSimulatorOptions } from './context.ts';

export interface IdpSimulator {
  app: Express;
  context: IdpContext;
  /** Sets the public URL; {base_url} and every endpoint follow it. */
  setBaseUrl(url: string): void;
  info(): IdpInfo;
}

/** The SAML IdP simulator for one scenario, as an Express app; throws on an unknown defect. */
export function createIdpSimulator(opts: IdpSimulatorOptions): IdpSimulator {
  const ctx = new IdpContext(opts);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Every page here is built per request and most are no-store: hashing each for an ETag is waste.
  app.set('etag', false);

  // Mounted without a known URL (someone else's server): the first request tells it.
  app.use((req, _res, next) => {
    if (!ctx.hasBaseUrl) ctx.setBaseUrl(`${req.protocol}://${req.headers.host ?? '127.0.0.1'}`);
    next();
  });

  app.get(TRACE_PAGE_PATH, tracePage(ctx.trace, ctx.look.heading));
  peerRoute(ctx, app);
  logoutRequestRoute(ctx, app);
  useBodyParsers(app);
  adminRoutes(ctx, app);
  rolloverRoutes(ctx, app);

  const table = new PathTable();
  metadataRoutes(ctx, table);
  samlEndpointRoutes(ctx, table);
  loginRoutes(ctx, table);
  table.add(ctx.paths.idpInitiated, ['GET'], (req, res) => handleIdpInitiated(ctx, req, res));
  if (!table.has('/')) table.add('/', ['GET'], (_req, res) => void res.type('html').send(idpStartPage(ctx)));
  app.use(table.middleware());

  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(errorPage('Not found', 'not-found', `${req.method} ${req.path} is not an endpoint of this IdP`));
  });

  const traceErrors: ErrorRequestHandler = (err, req, _res, next) => {
    const e = err as { status?: number; message?: string };
    ctx.trace.record({
      flow: flowFromCookieHeader(req.headers.cookie),
      direction: 'in',
      from: 'Browser',
      to: 'IdP',
      kind: 'Error',
      method: req.method,
      url: clippedUrl(req),
      info: { status: e.status ?? 500, error: e.message ?? String(err) },
    });
    next(err);
  };
  app.use(traceErrors);
  app.use(errorHandler);

  return {
    app,
    context: ctx,
    setBaseUrl: (url) => ctx.setBaseUrl(url),
    info: () => ctx.info(),
  };
}

export interface RunningIdpSimulator {
  url: string;
  info: IdpInfo;
  simulator: IdpSimulator;
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1 (port 0 = a free port); {base_url} becomes its URL unless given. */
export async function startIdpSimulator(
  opts: IdpSimulatorOptions & { port?: number },
): Promise<RunningIdpSimulator> {
  const simulator = createIdpSimulator(opts);
  const server = await listen(simulator.app, opts.port ?? 0);
  simulator.setBaseUrl(opts.baseUrl ?? server.url);
  return {
    url: server.url,
    info: simulator.info(),
    simulator,
    close: async () => {
      await server.close();
      simulator.context.state.close();
    },
  };
}
