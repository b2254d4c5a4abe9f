import { assertCleanRun, interopTest } from './interop-run.ts';
import { assertSpSkips, spMustPass } from './sp-expectations.ts';

interopTest(
  'simplesamlphp-sp',
  'SimpleSAMLphp as SP meets the IdP simulator in every SAML scenario',
  (run) => {
    assertCleanRun(run, { scenarios: ['adfs', 'entra', 'ping'], mustPass: spMustPass(run.profile) });
    assertSpSkips(run);
  },
);
