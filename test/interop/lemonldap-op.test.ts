import { checkIds } from '../../lib/checks/catalog.ts';
import { assertCleanRun, interopTest } from './interop-run.ts';

interopTest('lemonldap', 'LemonLDAP::NG as OpenID Provider meets the OP suite', (run) => {
  // An OP target meets no scenario's simulator: its one project is `lemonldap-op·-`.
  assertCleanRun(run, { scenarios: ['-'], mustPass: checkIds((c) => c.role === 'op') });
});
