import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, test } from '@playwright/test';
import type { Role } from '../../lib/protocol/roles.ts';
import { readManifest } from '../../lib/run/manifest.ts';
import { planFromEnv, RUN_ID_ENV } from '../../lib/run/plan.ts';
import type { Accord } from '../fixtures/index.ts';
import { idpPreflight } from '../idp-target/steps/preflight-login.ts';
import { opPreflight } from '../op-target/steps/preflight-login.ts';
import { rpPreflight } from '../rp-target/steps/preflight-login.ts';
import { spPreflight } from '../sp-target/steps/preflight-login.ts';
import { sharedOnce } from './shared-once.ts';
import type { PreflightVerdict } from './verdict.ts';

const PROBES: Partial<Record<Role, typeof spPreflight>> = {
  sp: spPreflight,
  idp: idpPreflight,
  rp: rpPreflight,
  op: opPreflight,
};

/**
 * When the login is tried after the exchange: at once, then again after these pauses. A product
 * that reloads the metadata it was given in the background (Shibboleth SP) is ready a few seconds
 * after the exchange command returns; a working setup pays only the first login.
 */
export const PREFLIGHT_RETRY_MS = [2_000, 5_000] as const;

/** How long one login of the preflight may wait for a page: a working target answers well within it. */
const STEP_TIMEOUT_MS = 8_000;

/** The most a preflight takes: every attempt waiting its longest, and the pauses between them. */
export const PREFLIGHT_BUDGET_MS = (PREFLIGHT_RETRY_MS.length + 1) * 25_000 + 7_000;

/** How long a worker waits for the preflight another worker is running for the same project. */
const WAIT_FOR_OTHER_WORKER_MS = PREFLIGHT_BUDGET_MS - 5_000;

/**
 * Establishes once per project and run (whichever worker gets there first) that a genuine login
 * works, before any of the project's checks is judged. A target that fails it could not be tested:
 * its checks are inconclusive with the reason, not failures of the target.
 */
export function preflight(browser: Browser, accord: Accord): Promise<PreflightVerdict> {
  const probe = PROBES[accord.runtime.role];
  if (!probe) return Promise.resolve({ ok: true, reason: `no preflight for role ${accord.runtime.role}` });
  const dir = join(planFromEnv().outDir, 'preflight');
  // A manifest given from outside serves many runs: the run's own id keeps their preflights apart.
  const key = `${process.env[RUN_ID_ENV] ?? readManifest().startedAt} ${accord.runtime.name}`;
  return sharedOnce(dir, key, () => withRetries(browser, accord, probe), WAIT_FOR_OTHER_WORKER_MS);
}

async function withRetries(
  browser: Browser,
  accord: Accord,
  probe: typeof spPreflight,
): Promise<PreflightVerdict> {
  return test.step('preflight: a genuine login works, so the checks can be judged', async () => {
    const started = Date.now();
    let last: PreflightVerdict = { ok: false, reason: 'not tried' };
    for (let attempt = 0; attempt <= PREFLIGHT_RETRY_MS.length; attempt++) {
      if (attempt > 0) await sleep(PREFLIGHT_RETRY_MS[attempt - 1]);
      const context = await browser.newContext();
      try {
        const flowId = await accord.tag(context);
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
        last = await probe(page, { ...accord, flowId });
      } catch (e) {
        last = { ok: false, reason: (e as Error).message.split('\n')[0] };
      } finally {
        await context.close();
      }
      if (last.ok) return last;
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    return {
      ok: false,
      reason: `${withoutQueries(last.reason)} (a genuine login, tried ${PREFLIGHT_RETRY_MS.length + 1} times over ${seconds} s)`,
    };
  });
}

/** A reason names URLs; their queries (a whole SAMLRequest) say nothing a vendor needs. */
function withoutQueries(text: string): string {
  return text.replace(/(https?:\/\/[^\s?)"]+)\?[^\s)"]*/g, '$1?…');
}
