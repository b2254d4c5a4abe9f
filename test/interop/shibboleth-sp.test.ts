import { join, resolve } from 'node:path';
import { assertCleanRun, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Shibboleth validates IdP metadata against its schemas and refuses the AD FS and Entra ID
 * metadata, whose WS-Federation RoleDescriptors it has no schema for (interop/README.md): the
 * PingFederate scenario is the one it can trust. Every flow runs in it.
 */
const SCENARIO = join(ROOT, 'scenarios/ping.yaml');

interopTest(
  'shibboleth-sp',
  'Shibboleth SP 3 (Apache mod_shib + shibd) meets the IdP simulator in every flow',
  (run) => {
    // SP-SEC-XSW3 and SP-SEC-XSW-APPENDED must pass: shibd discards the forged unsigned assertion
    // and signs in the genuine user (its known finding is SP-SEC-MIXED-ASSERTIONS, a SHOULD).
    assertCleanRun(run, {
      scenarios: ['ping'],
      mustPass: spMustPass(run.profile).filter((id) => id !== 'SP-AUTHN-04'),
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
