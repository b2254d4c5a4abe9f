import express, { type Express, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { OpInfo } from '../../lib/admin/oidc-protocol.ts';
import { errorHandler } from '../shared/body-limits.ts';
import { listen } from '../shared/listen.ts';
import { errorPage, escapeHtml, page } from '../shared/pages.ts';
import { readClientRegistration } from './admin-input.ts';
import { registerClient } from './clients.ts';
import { OpContext, type OpSimulatorOptions } from './context.ts';
import { buildProvider } from './provider.ts';
import { adminRoutes } from './routes/admin.ts';
import { groupsRoutes } from './routes/groups.ts';
import { interactionRoutes } from './routes/interaction.ts';
import { mismatchedDiscoveryRoute } from './routes/mismatched-discovery.ts';
import { providerBodyLimit } from './routes/provider-body-limit.ts';
import { explainProviderNotFound } from './routes/provider-not-found.ts';
import { seededDefectRoutes } from './routes/seeded-defects.ts';

export type { OpSimulatorOptions } from './context.ts';

export interface OpSimulator {
  app: Express;
  context: OpContext;
  /** Sets the public URL; the issuer and every endpoint follow it. */
  setBaseUrl(url: string): void;
  /** Registers the clients of the options; call once the base URL is known. */
  ready(): Promise<void>;
  info(): OpInfo;
}

function homePage(ctx: OpContext): string {
  const i = ctx.info();
  const link = (href: string, text: string) =>
    `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`;
  const clients = ctx.clients.list().map((c) => c.clientId);
  return page(
    `${ctx.look.heading} (Accord)`,
    `<h1>${escapeHtml(ctx.look.heading)}</h1><p>${escapeHtml(ctx.scenario.title)}</p>
<p>issuer <code>${escapeHtml(i.issuer)}</code></p>
<ul>${link(i.discoveryUrl, 'Discovery')}${link(i.jwksUri, 'JWKS')}${link(ctx.url('/__accord/test-users'), 'Test users (JSON)')}${link(ctx.url('/__accord/trace'), 'Trace (JSON)')}</ul>
<p>Clients: ${
      clients.length === 0
        ? 'none yet (POST a registration to /__accord/clients)'
        : clients.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')
    }</p>`,
  );
}

/** The OpenID Provider simulator for one OIDC scenario, as an Express app with oidc-provider inside. */
export function createOpSimulator(opts: OpSimulatorOptions): OpSimulator {
  const ctx = new OpContext(opts);
  let current: { provider: Provider; handle: ReturnType<Provider['callback']> } | undefined;
  const build = () => {
    const provider = buildProvider(ctx);
    explainProviderNotFound(provider);
    current = { provider, handle: provider.callback() };
    return current;
  };
  const active = () => current ?? build();
  // A provider holds its keys from construction: a rotation or an added key makes a new one. The
  // storage, cookie keys and clients are the simulator's, so sessions and codes carry over.
  ctx.keys.onChange(() => {
    if (current) build();
  });
  const provider = () => active().provider;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', false);
  // Mounted without a known URL (someone else's server): the first request tells it.
  app.use((req, _res, next) => {
    if (!ctx.hasBaseUrl) ctx.setBaseUrl(`${req.protocol}://${req.headers.host ?? '127.0.0.1'}`);
    next();
  });

  adminRoutes(ctx, app, provider);
  app.get('/', (_req, res) => void res.type('html').send(homePage(ctx)));
  interactionRoutes(ctx, app, provider);
  groupsRoutes(ctx, app, provider);
  mismatchedDiscoveryRoute(ctx, app);
  seededDefectRoutes(ctx, app);
  app.use(
    ctx.mountPath || '/',
    providerBodyLimit,
    (req: Request, res: Response) => void active().handle(req, res),
  );
  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(errorPage('Not found', 'not-found', `${req.method} ${req.path} is not an endpoint of this OP`));
  });
  app.use(errorHandler);

  let registered: Promise<void> | undefined;
  return {
    app,
    context: ctx,
    setBaseUrl: (url) => {
      ctx.setBaseUrl(url);
      if (current) build();
    },
    ready: () => {
      registered ??= (async () => {
        for (const c of opts.clients ?? []) await registerClient(ctx, provider(), readClientRegistration(c));
      })();
      return registered;
    },
    info: () => ctx.info(),
  };
}

export interface RunningOpSimulator {
  url: string;
  info: OpInfo;
  simulator: OpSimulator;
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1 (port 0 = a free port); {base_url} becomes its URL unless given. */
export async function startOpSimulator(
  opts: OpSimulatorOptions & { port?: number },
): Promise<RunningOpSimulator> {
  const simulator = createOpSimulator(opts);
  const server = await listen(simulator.app, opts.port ?? 0);
  simulator.setBaseUrl(opts.baseUrl ?? server.url);
  try {
    await simulator.ready();
  } catch (e) {
    await server.close();
    simulator.context.state.close();
    throw e;
  }
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
