import { assertCleanRun, interopTest } from './interop-run.ts';
import { assertRpSkips, rpMustPass } from './rp-expectations.ts';

interopTest(
  'openidc',
  'Apache mod_auth_openidc as RP meets the OP simulator in every OIDC scenario',
  (run) => {
    assertCleanRun(run, { scenarios: ['generic-oidc', 'entra-oidc'], mustPass: rpMustPass(run.profile) });
    assertRpSkips(run);
  },
);
