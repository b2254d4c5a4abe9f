import type { RpOpSettings } from '../../../lib/admin/oidc-protocol.ts';
import { type RunningRp, startRpSimulator } from '../../../simulators/rp/index.ts';
import { TestBrowser } from './browser.ts';
import { startTestOp, type TestOp } from './test-op.ts';

export interface RpWithOp {
  rp: RunningRp;
  op: TestOp;
  close(): Promise<void>;
}

/** POSTs settings to the RP's admin API, as the harness's exchange does. */
export async function configureRp(rp: RunningRp, settings: unknown): Promise<Response> {
  return fetch(`${rp.url}/__accord/op`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
}

/** A reference RP (with these defects) and a test OP that registered it, the RP told about the OP. */
export async function startRpWithOp(
  opts: {
    defects?: string[];
    authMethod?: 'client_secret_basic' | 'client_secret_post';
    /** Settings for the RP from the OP's; default: its discovery URL. */
    settings?: (op: TestOp) => Partial<RpOpSettings>;
  } = {},
): Promise<RpWithOp> {
  const rp = await startRpSimulator({ defects: opts.defects ?? [] });
  const op = await startTestOp({
    redirectUri: rp.info.redirectUri,
    postLogoutRedirectUri: rp.info.postLogoutRedirectUri,
    backchannelLogoutUri: rp.info.backchannelLogoutUri,
    authMethod: opts.authMethod,
  });
  const settings = {
    clientId: op.clientId,
    clientSecret: op.clientSecret,
    tokenEndpointAuthMethod: opts.authMethod ?? 'client_secret_basic',
    ...(opts.settings ? opts.settings(op) : { discoveryUrl: op.discoveryUrl }),
  };
  const answer = await configureRp(rp, settings);
  if (answer.status !== 204) throw new Error(`RP refused its OP settings: ${await answer.text()}`);
  return {
    rp,
    op,
    close: async () => {
      await rp.close();
      await op.close();
    },
  };
}

/** A fresh browser signs in at the RP: where it ends, and the browser to look further with. */
export async function signIn(rp: RunningRp, browser = new TestBrowser()) {
  const page = await browser.get(rp.info.loginUrl);
  return { browser, page };
}

/** The rule an RP error page names (data-check), if the page is one. */
export function refusedRule(html: string): string | undefined {
  return /id="accord-error" data-check="([^"]*)"/.exec(html)?.[1];
}

/** The JSON of the claims page's #accord-echo element. */
export function echo(html: string): { sub?: string; claims: Record<string, unknown> } {
  const json = /<script type="application\/json" id="accord-echo">([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('no #accord-echo on the page');
  return JSON.parse(json) as { sub?: string; claims: Record<string, unknown> };
}
