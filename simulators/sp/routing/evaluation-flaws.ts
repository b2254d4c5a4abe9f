import type { SpContext } from '../context.ts';
import type { EvaluationFlaws } from './choose-rule.ts';

/** The seeded defects of rule evaluation the SP was started with. */
export function evaluationFlaws(ctx: SpContext): EvaluationFlaws {
  return {
    priorityIgnored: ctx.has('routing-priority-ignored'),
    inactiveUsed: ctx.has('routing-inactive-rule-used'),
    noDefault: ctx.has('routing-no-default') || ctx.has('routing-offers-every-idp'),
    groupsIgnored: ctx.has('routing-groups-ignored'),
    domainCaseSensitive: ctx.has('routing-domain-case-sensitive'),
  };
}
