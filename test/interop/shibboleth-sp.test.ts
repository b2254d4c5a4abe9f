import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { loadScenario } from '../../lib/scenario/index.ts';
import { assertCleanRun, type InteropRun, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Shibboleth validates IdP metadata against its schemas and refuses the AD FS and Entra ID
 * metadata, whose WS-Federation RoleDescriptors it has no schema for (interop/README.md): the
 * PingFederate scenario is the one it can trust. Every flow runs in it.
 */
const SCENARIO = join(ROOT, 'scenarios/ping.yaml');

/**
 * Accord fails these two XSW checks on Shibboleth although the forged identity never takes effect:
 * shibd discards the unsigned forged assertion ("Unable to establish security of incoming
 * assertion") and signs in the genuine user from the signed one. Until the verdicts judge the
 * effect (issue 13), such a failure is tolerated only when the user signed in is the genuine one:
 * the security flows sign in the scenario's first user, and the IdP simulator forges another user
 * of the scenario (victimOf in simulators/idp/response-for-user.ts).
 */
const GENUINE_USER_ONLY = new Set(['SP-SEC-XSW3', 'SP-SEC-XSW-APPENDED']);

function assertGenuineUserOnly(run: InteropRun): void {
  const scenario = loadScenario(SCENARIO);
  if (scenario.protocol !== 'saml2') throw new Error(`${SCENARIO} is not a SAML scenario`);
  const genuine = scenario.users[0]?.email;
  for (const r of run.results.filter((x) => GENUINE_USER_ONLY.has(x.id) && x.status === 'fail')) {
    const signedIn = /signed in (\S+@[^\s,;()]+)/.exec(r.detail)?.[1];
    assert.equal(signedIn, genuine, `${r.id}: not the genuine user signed in, the forged one? (${r.detail})`);
  }
}

interopTest(
  'shibboleth-sp',
  'Shibboleth SP 3 (Apache mod_shib + shibd) meets the IdP simulator in every flow',
  (run) => {
    assertGenuineUserOnly(run);
    const failed = run.results.filter((r) => r.status === 'fail');
    const onlyTolerated = failed.length > 0 && failed.every((r) => GENUINE_USER_ONLY.has(r.id));
    const judged = {
      ...run,
      results: run.results.filter((r) => !(GENUINE_USER_ONLY.has(r.id) && r.status === 'fail')),
      // The exit is non-zero while those two fail; every other rule still holds.
      code: onlyTolerated && run.code === 1 ? 0 : run.code,
    };
    assertCleanRun(judged, {
      scenarios: ['ping'],
      mustPass: spMustPass(run.profile).filter((id) => !GENUINE_USER_ONLY.has(id) && id !== 'SP-AUTHN-04'),
    });
    // Shibboleth signs no AuthnRequest by default, and its metadata does not ask for it.
    assertSpSkips({
      ...run,
      results: run.results.filter(
        (r) => !(r.id === 'SP-AUTHN-04' && r.status === 'skip' && /unsigned/.test(r.detail)),
      ),
    });
  },
  { scenarios: [SCENARIO] },
);
