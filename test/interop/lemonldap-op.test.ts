import { checkIds } from '../../lib/checks/catalog.ts';
import { assertCleanRun, interopTest } from './interop-run.ts';

/**
 * The flows run against LemonLDAP::NG. Not yet `session` and `slo`: its portal answers max_age=1
 * and prompt=login with a "renew your session" page (form#upgrd) before the login form, and its
 * end_session endpoint with a confirmation form, and the suite does not drive either page yet, so
 * those checks would judge the suite rather than the OP.
 */
const FLOWS = ['metadata', 'code-flow', 'security'];

interopTest(
  'lemonldap',
  'LemonLDAP::NG as OpenID Provider meets the OP suite',
  (run) => {
    // An OP target meets no scenario's simulator: its one project is `lemonldap-op·-`.
    const mustPass = checkIds((c) => c.role === 'op' && FLOWS.includes(c.flow));
    assertCleanRun(run, { scenarios: ['-'], mustPass });
  },
  { flows: FLOWS, scenarios: ['scenarios/generic-oidc.yaml'] },
);
