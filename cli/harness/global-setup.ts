import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { prepareRsaKeys } from '../../lib/pki/rsa-key-pool.ts';
import { MANIFEST_ENV, planFromEnv, RUN_ID_ENV } from '../../lib/run/plan.ts';
import { withoutStack } from '../user-error.ts';
import { startRun } from './start-run.ts';

/** About as many new keys as the default run asks its simulators for. */
const RUN_SPARE_RSA_KEYS = 16;

/** Starts the run's simulators unless the caller points at ones already running (ACCORD_MANIFEST). */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  // Names this Playwright run to its workers, whoever started the simulators (the preflight's key).
  process.env[RUN_ID_ENV] = randomUUID();
  const given = process.env[MANIFEST_ENV];
  if (given && existsSync(given)) return undefined;
  // The simulators run in this process: their rollovers, renewals and attack keys come from here.
  prepareRsaKeys(RUN_SPARE_RSA_KEYS);
  // What fails here is the user's setup (a target not running, a bad profile): its message says
  // what to fix, and a code frame of the harness would only hide it.
  const run = await startRun(planFromEnv()).catch((e: unknown) => {
    throw withoutStack(e);
  });
  process.env[MANIFEST_ENV] = run.manifestFile;
  if (!process.env.ACCORD_QUIET) for (const line of run.log) console.log(`accord: ${line}`);
  return run.stop;
}
