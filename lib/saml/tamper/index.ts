import { forgedAttributes } from './forged-attributes.ts';
import { billionLaughs, doctypeXxe, entityExpansion, twoRoots } from './hostile-xml.ts';
import { nameIdComment } from './nameid-comment.ts';
import { attackerCertSameSubject, keyinfoAttackerCert, sha1Downgrade } from './resign.ts';
import {
  digestComment,
  digestCommentForged,
  emptySignatureValue,
  stripSignature,
  twoReferences,
} from './signature.ts';
import type { TamperDef } from './types.ts';
import { XSW } from './xsw.ts';

export { certificateWithSubjectOf } from './clone-certificate.ts';
export { FORGED_VALUE_PREFIX } from './forged-attributes.ts';
export { compressionBomb, DEFAULT_XXE_URL, elementBomb, oversized, XXE_PATHS } from './hostile-xml.ts';
export { NAMEID_COMMENT_SUFFIX, nameIdCommentGenuineNameId } from './nameid-comment.ts';
export { OPEN_REDIRECTS } from './relay-state.ts';
export { resign } from './resign.ts';
export { type ResponseTimes, retime } from './retime.ts';
export { type TamperContext, type TamperDef, type TamperKey, TamperNotApplicable } from './types.ts';

/**
 * The attack catalogue: named mutations of a genuine signed samlp:Response, each pure (XML in,
 * XML out). Names are stable: scenarios, traces and reports refer to them.
 */
export const TAMPERS: ReadonlyMap<string, TamperDef> = new Map(
  [
    ...XSW,
    nameIdComment,
    stripSignature,
    emptySignatureValue,
    keyinfoAttackerCert,
    attackerCertSameSubject,
    digestComment,
    digestCommentForged,
    twoReferences,
    sha1Downgrade,
    doctypeXxe,
    billionLaughs,
    entityExpansion,
    twoRoots,
    forgedAttributes,
  ].map((t) => [t.name, t] as const),
);
