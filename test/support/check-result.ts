import type { CheckResult } from '../../lib/checks/types.ts';

/** A passing MUST check result of a plausible run, with `over` applied: what reporter tests feed. */
export function checkResult(over: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'sp.audience',
    title: 'SP enforces AudienceRestriction',
    level: 'MUST',
    spec: 'SAML core 2.5.1.4',
    role: 'sp',
    flow: 'sp-initiated',
    status: 'pass',
    detail: 'ok',
    target: 'acme',
    scenario: 'adfs',
    ...over,
  };
}
