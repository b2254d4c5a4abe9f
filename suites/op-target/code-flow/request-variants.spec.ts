import type { OpCheckId } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { codeFlow } from '../steps/code-flow.ts';

/** Authorization requests an OP must take as well as the plain one, each from its OIDF module. */
const VARIANTS: Array<{
  check: OpCheckId;
  what: string;
  params: (scope: string) => Record<string, string | undefined>;
}> = [
  // oidcc-ensure-request-without-nonce-succeeds-for-code-flow
  { check: 'OP-NONCE-OPTIONAL', what: 'without nonce', params: () => ({ nonce: undefined }) },
  // oidcc-ensure-request-with-unknown-parameter-succeeds
  {
    check: 'OP-UNKNOWN-PARAM',
    what: 'with the unknown parameter extra=foobar',
    params: () => ({ extra: 'foobar' }),
  },
  // oidcc-ensure-other-scope-order-succeeds
  {
    check: 'OP-SCOPE-ORDER',
    what: 'with the scopes reversed',
    params: (scope) => ({ scope: scope.split(' ').reverse().join(' ') }),
  },
];

eachProject('op', () => {
  checkTest(
    'authorization requests without nonce, with an unknown parameter, with scopes reordered',
    { flow: 'code-flow', checks: VARIANTS.map((v) => v.check) },
    async ({ accord, page }) => {
      const scope = accord.profile.op?.scope ?? 'openid profile email';
      for (const v of VARIANTS) {
        if (!accord.checks.wants(v.check)) continue;
        const flow = await codeFlow(page, accord, v.params(scope));
        await accord.checks.record(
          v.check,
          flow.idToken !== undefined,
          flow.idToken
            ? `a request ${v.what} gave a code and an ID token`
            : `a request ${v.what}: ${flow.problem}`,
        );
      }
    },
  );
});
