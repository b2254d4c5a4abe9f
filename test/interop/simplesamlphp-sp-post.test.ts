import { assertCleanRun, interopScenarios, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

const SCENARIOS = interopScenarios('saml2', ['adfs']);

// The login flow only, to keep CI time down: every other flow runs with
// targets/simplesamlphp-sp.yaml. Every flow of this profile was run by hand too (interop/README.md).
interopTest(
  'simplesamlphp-sp',
  'SimpleSAMLphp saml:SP sends HTTP-POST AuthnRequests when the IdP metadata offers only HTTP-POST',
  (run) => {
    assertCleanRun(run, { scenarios: SCENARIOS.ids, mustPass: spMustPass(run.profile, 'sp-initiated') });
    assertSpSkips(run);
  },
  { profile: 'targets/simplesamlphp-sp-post.yaml', flows: ['sp-initiated'], scenarios: SCENARIOS.files },
);
