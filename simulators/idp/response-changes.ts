import type { ResponsePlan } from '../../lib/admin/protocol.ts';
import type { DigestAlgorithmName } from '../../lib/saml/namespaces.ts';
import { RETIME_STEP, stepName } from './tamper-hook.ts';

/** A ResponsePlan plus the changes only startup defects make. */
export interface ResponseChanges extends ResponsePlan {
  digestAlgorithm?: DigestAlgorithmName;
  nameIdFormat?: string;
  omitUid?: boolean;
  uidUpperCase?: boolean;
  dropRelayState?: boolean;
  extraAssertionCopies?: number;
  statusCode?: string;
}

/** Defects apply to every Response; a flow's plan is more specific, so its keys win. */
export function mergeChanges(defects: ResponseChanges, plan: ResponsePlan | undefined): ResponseChanges {
  if (!plan) return defects;
  const merged: ResponseChanges = { ...defects, ...plan };
  if (defects.sign || plan.sign) merged.sign = { ...defects.sign, ...plan.sign };
  if (defects.omitAttributes || plan.omitAttributes) {
    merged.omitAttributes = [...(defects.omitAttributes ?? []), ...(plan.omitAttributes ?? [])];
  }
  // A plan choosing the signature algorithm chooses the matching digest too.
  if (plan.signatureAlgorithm)
    merged.digestAlgorithm = plan.signatureAlgorithm === 'rsa-sha1' ? 'sha1' : 'sha256';
  const step = postSigningStep(plan);
  if (step) merged.tamper = step;
  return merged;
}

/**
 * What runs on the signed Response, as the one step name the builder passes to the tamper hook:
 * explicit validity bounds become the retime step (the builder derives every time from one
 * instant), tamper options ride along with their tamper.
 */
function postSigningStep(plan: ResponsePlan): string | undefined {
  const times = {
    notBefore: plan.notBeforeSeconds,
    notOnOrAfter: plan.notOnOrAfterSeconds,
    subjectConfirmationNotOnOrAfter: plan.subjectConfirmationNotOnOrAfterSeconds,
  };
  if (Object.values(times).some((t) => t !== undefined)) return stepName(RETIME_STEP, times);
  if (plan.tamper !== undefined && plan.tamperOptions) return stepName(plan.tamper, plan.tamperOptions);
  return plan.tamper;
}
