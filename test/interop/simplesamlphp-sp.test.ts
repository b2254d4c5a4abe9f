import { assertCleanRun, interopTest } from './interop-run.ts';
import { assertSpSkips, SP_MUST_PASS } from './sp-expectations.ts';

interopTest(
  'simplesamlphp-sp',
  'SimpleSAMLphp as SP meets the IdP simulator in every SAML scenario',
  (run) => {
    assertCleanRun(run, { scenarios: ['adfs', 'entra', 'ping'], mustPass: SP_MUST_PASS });
    assertSpSkips(run);
  },
);
