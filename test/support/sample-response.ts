import type { ResponseModel } from '../../lib/saml/response/build-response.ts';

export interface SampleParties {
  issuer: string;
  sp: string;
  acs: string;
  nameId: string;
  now?: Date;
}

/** The smallest valid Response model between two parties, valid for five minutes from `now`. */
export function sampleResponseModel(p: SampleParties, over: Partial<ResponseModel> = {}): ResponseModel {
  const now = p.now ?? new Date();
  const later = new Date(now.getTime() + 300_000);
  return {
    issuer: p.issuer,
    destination: p.acs,
    audience: p.sp,
    recipient: p.acs,
    nameId: { value: p.nameId },
    attributes: [{ name: 'uid', values: [p.nameId] }],
    issueInstant: now,
    notBefore: now,
    notOnOrAfter: later,
    subjectConfirmationNotOnOrAfter: later,
    sessionIndex: '_s1',
    authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password',
    ...over,
  };
}
