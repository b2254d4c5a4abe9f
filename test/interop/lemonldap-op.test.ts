import { checkIds } from '../../lib/checks/catalog.ts';
import { assertCleanRun, interopTest } from './interop-run.ts';

/**
 * Every flow of the OP suite against LemonLDAP::NG. Its portal asks "renew your session?" before
 * re-authenticating for max_age and prompt=login, and "log out?" at its end_session endpoint: the
 * profile names both buttons (op.reauthConfirm, op.logoutConfirm).
 */
const FLOWS = ['metadata', 'code-flow', 'security', 'session', 'slo'];

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
