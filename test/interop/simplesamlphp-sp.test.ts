import { assertCleanRun, interopScenarios, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

// Entra ID: NameID the UPN, the assertion alone signed; mod_auth_mellon meets AD FS and
// Shibboleth PingFederate.
const SCENARIOS = interopScenarios('saml2', ['entra']);

interopTest(
  'simplesamlphp-sp',
  'SimpleSAMLphp as SP meets the IdP simulator',
  (run) => {
    assertCleanRun(run, { scenarios: SCENARIOS.ids, mustPass: spMustPass(run.profile) });
    assertSpSkips(run);
  },
  { scenarios: SCENARIOS.files },
);
