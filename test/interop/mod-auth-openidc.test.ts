import { assertCleanRun, interopScenarios, interopTest } from './interop-run.ts';
import { assertRpSkips, rpMustPass } from './rp-expectations.ts';

// Entra ID's OIDC quirks (tenant issuer, claims in the ID token) over the standards-only OP: the
// RP matrix already meets the latter in every run.
const SCENARIOS = interopScenarios('oidc', ['entra-oidc']);

interopTest(
  'openidc',
  'Apache mod_auth_openidc as RP meets the OP simulator',
  (run) => {
    assertCleanRun(run, { scenarios: SCENARIOS.ids, mustPass: rpMustPass(run.profile) });
    assertRpSkips(run);
  },
  { scenarios: SCENARIOS.files },
);
