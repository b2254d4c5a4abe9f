import { assertCleanRun, interopScenarios, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

// AD FS: the scenario whose metadata and assertions differ most from the others (WS-Federation
// role descriptors, its claim URIs); SimpleSAMLphp meets Entra ID and Shibboleth PingFederate.
const SCENARIOS = interopScenarios('saml2', ['adfs']);

interopTest(
  'mellon',
  'Apache mod_auth_mellon as SP meets the IdP simulator',
  (run) => {
    assertCleanRun(run, { scenarios: SCENARIOS.ids, mustPass: spMustPass(run.profile) });
    assertSpSkips(run);
  },
  { scenarios: SCENARIOS.files },
);
