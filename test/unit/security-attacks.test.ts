import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/certificate.ts';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { warmUpSchemaValidator } from '../../lib/saml/schema/validator.ts';
import {
  nameIdCommentGenuineNameId,
  oversized,
  TAMPERS,
  type TamperContext,
} from '../../lib/saml/tamper/index.ts';
import {
  MemoryReplayCache,
  type ValidationContext,
  validateResponse,
} from '../../lib/saml/validate/index.ts';
import { readResponse } from '../../lib/saml/validate/read-response.ts';
import { validateRead } from '../../lib/saml/validate/validate-response.ts';
import { discardUnsigned, identityBesideSigned } from '../../simulators/sp/unsigned-assertions.ts';
import { sampleResponseModel } from '../support/sample-response.ts';

/*
 * Each attack of the catalogue against the reference SP's validation pipeline: refused when clean,
 * let through by the seeded defect that stands for the vulnerability, and by no other defect.
 */

const IDP = 'https://idp.security.test';
const SP = 'https://sp.security.test';
const ACS = `${SP}/acs`;
const GENUINE = 'alice@corp.test';
const FORGED = 'bob@corp.test';

const idp = issueSelfSignedCertificate({ commonName: 'security-idp', organization: 'Accord Test' });
const attacker = issueSelfSignedCertificate({ commonName: 'security-attacker' });
const realKey = { key: privateKeyObject(idp.keyPem), certPem: idp.certPem };
const ctx: TamperContext = {
  attackerNameId: FORGED,
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
  realKey,
};

function genuine(sign: { response: boolean; assertion: boolean }, nameId = GENUINE): string {
  const now = new Date();
  return buildResponse(
    sampleResponseModel(
      { issuer: IDP, sp: SP, acs: ACS, nameId, now },
      { nameId: { value: nameId, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' } },
    ),
    { signResponse: sign.response, signAssertion: sign.assertion, key: realKey.key, certPem: idp.certPem },
  ).xml;
}

function context(defects: string[] = []): ValidationContext {
  return {
    idp: { entityId: IDP, signingCerts: [idp.certPem] },
    sp: { entityId: SP, acsUrls: [ACS] },
    outstandingRequestIds: () => false,
    allowUnsolicited: true,
    now: new Date(),
    skewSeconds: 60,
    replayCache: new MemoryReplayCache(),
    receivedAt: ACS,
    defects: new Set(defects),
  };
}

const RESPONSE = { response: true, assertion: false };
const ASSERTION = { response: false, assertion: true };
const BOTH = { response: true, assertion: true };

interface Case {
  tamper: string;
  sign: { response: boolean; assertion: boolean };
  /** The defect that lets it through, and who is then signed in. */
  defect: string;
  identity: string;
  nameId?: string;
  /** Other defects that let it through by the same weakness (see SP_DEFECTS alsoFails). */
  alsoBy?: string[];
  /** What the clean SP rightly signs in; default: nothing. */
  cleanIdentity?: string;
}

const CASES: Case[] = [
  ...[1, 2].map((n) => ({
    tamper: `xsw${n}`,
    sign: RESPONSE,
    defect: 'naive-signature-lookup',
    identity: GENUINE,
  })),
  ...[3, 4, 5, 6, 7, 8].map((n) => ({
    tamper: `xsw${n}`,
    sign: ASSERTION,
    defect: 'naive-signature-lookup',
    identity: FORGED,
  })),
  { tamper: 'xsw-appended-assertion', sign: ASSERTION, defect: 'naive-signature-lookup', identity: GENUINE },
  {
    tamper: 'two-references',
    sign: ASSERTION,
    defect: 'multiple-references',
    identity: FORGED,
    alsoBy: ['naive-signature-lookup'],
  },
  { tamper: 'digest-comment-forged', sign: ASSERTION, defect: 'digest-from-comment', identity: FORGED },
  { tamper: 'digest-comment-forged', sign: BOTH, defect: 'digest-from-comment', identity: FORGED },
  { tamper: 'empty-signature-value', sign: ASSERTION, defect: 'skip-empty-signature', identity: GENUINE },
  { tamper: 'strip-signature', sign: BOTH, defect: 'accept-unsigned', identity: GENUINE },
  { tamper: 'keyinfo-attacker-cert', sign: ASSERTION, defect: 'trust-keyinfo', identity: FORGED },
  {
    tamper: 'attacker-cert-same-subject',
    sign: ASSERTION,
    defect: 'trust-issuer-serial',
    identity: FORGED,
    alsoBy: ['trust-keyinfo'],
  },
  { tamper: 'sha1-downgrade', sign: ASSERTION, defect: 'any-algorithm', identity: GENUINE },
  {
    tamper: 'nameid-comment',
    sign: ASSERTION,
    defect: 'nameid-first-text',
    identity: FORGED,
    nameId: nameIdCommentGenuineNameId(FORGED),
    cleanIdentity: nameIdCommentGenuineNameId(FORGED),
  },
  { tamper: 'entity-expansion', sign: ASSERTION, defect: 'expand-entities', identity: GENUINE },
  { tamper: 'two-roots', sign: BOTH, defect: 'ignore-trailing-content', identity: GENUINE },
];

const ALL_DEFECTS = [...new Set(CASES.map((c) => c.defect))];

function attack(c: Case): string {
  return encodePostMessage(TAMPERS.get(c.tamper)!.apply(genuine(c.sign, c.nameId), ctx));
}

describe('the reference SP against the attack catalogue', () => {
  test('warm up the schema validator', async () => {
    await warmUpSchemaValidator();
  });

  const signedIn = async (message: string, defects: string[] = []) => {
    const r = await validateResponse(message, context(defects));
    return r.accepted ? (r.identity?.attributes.uid?.[0] ?? '(no uid)') : undefined;
  };

  for (const c of CASES) {
    const signed = [c.sign.response && 'Response', c.sign.assertion && 'assertion'].filter(Boolean).join('+');
    test(`${c.tamper} (${signed} signed): ${c.defect} signs in ${c.identity}, the clean SP and other defects do not`, async () => {
      const message = attack(c);
      assert.equal(await signedIn(message), c.cleanIdentity, 'the clean SP');
      assert.equal(await signedIn(message, [c.defect]), c.identity, c.defect);
      for (const other of ALL_DEFECTS.filter((d) => d !== c.defect)) {
        const expected = c.alsoBy?.includes(other) ? c.identity : c.cleanIdentity;
        const got = await signedIn(attack(c), [other]);
        assert.equal(got, expected, `${other} on ${c.tamper}`);
      }
    });
  }

  test('the whole NameID a comment splits is read, never the part before the comment', async () => {
    const c = CASES.find((x) => x.tamper === 'nameid-comment')!;
    const r = await validateResponse(attack(c), context());
    assert.equal(r.checks.find((x) => x.id === 'IDP-RESP-SIGNED')?.status, 'pass');
    assert.equal(r.identity?.nameId, nameIdCommentGenuineNameId(FORGED));
  });

  test('a Response padded to 10 MiB is refused before parsing, and taken under no-size-limit', async () => {
    const padded = encodePostMessage(oversized(genuine(ASSERTION), 10 * 1024 * 1024));
    const clean = await validateResponse(padded, context());
    assert.equal(clean.inputError?.code, 'too-large');
    assert.equal((await validateResponse(padded, context(['no-size-limit']))).accepted, true);
  });
});

/*
 * The two SP defects around a Response that carries an unsigned assertion beside a signed one, as
 * the ACS applies them: discard-unsigned-assertions signs in the genuine subject of the signed
 * assertion (nothing forged takes effect), claims-from-unsigned-assertion the forged one.
 */

function message(tamper: string | undefined, sign = ASSERTION): string {
  const xml = genuine(sign);
  return encodePostMessage(tamper ? TAMPERS.get(tamper)!.apply(xml, ctx) : xml);
}

const uid = (identity: { attributes: Record<string, string[]> } | undefined) =>
  identity ? (identity.attributes.uid?.[0] ?? '(no uid)') : undefined;

/** Who the ACS signs in under discard-unsigned-assertions. */
async function discarding(samlResponse: string): Promise<string | undefined> {
  const { read } = discardUnsigned(readResponse(samlResponse), samlResponse, [idp.certPem]);
  const r = await validateRead(read, context(['discard-unsigned-assertions']));
  return r.accepted ? uid(r.identity) : undefined;
}

/** Who the ACS signs in under claims-from-unsigned-assertion. */
async function beside(samlResponse: string): Promise<string | undefined> {
  const read = readResponse(samlResponse);
  const r = await validateRead(read, context(['claims-from-unsigned-assertion', 'naive-signature-lookup']));
  return r.accepted ? uid(identityBesideSigned(read, [idp.certPem]) ?? r.identity) : undefined;
}

describe('SP defects around an unsigned assertion beside a signed one', () => {
  test('a genuine Response signs in its subject under both defects, signed either way', async () => {
    for (const sign of [ASSERTION, RESPONSE]) {
      assert.equal(await discarding(message(undefined, sign)), GENUINE);
      assert.equal(await beside(message(undefined, sign)), GENUINE);
    }
  });

  for (const tamper of ['xsw3', 'xsw-appended-assertion']) {
    test(`${tamper}: the clean SP refuses it, discard-unsigned-assertions signs in the genuine subject, claims-from-unsigned-assertion the forged one`, async () => {
      const m = message(tamper);
      assert.equal((await validateResponse(m, context())).accepted, false, 'the clean SP');
      assert.equal(await discarding(m), GENUINE);
      assert.equal(await beside(m), FORGED);
    });
  }

  for (const tamper of ['xsw4', 'xsw5', 'xsw6', 'xsw8']) {
    test(`${tamper}: discard-unsigned-assertions keeps no assertion a signature covers and refuses it; claims-from-unsigned-assertion signs in the forged subject`, async () => {
      const m = message(tamper);
      assert.equal(await discarding(m), undefined);
      assert.equal(await beside(m), FORGED);
    });
  }

  for (const tamper of ['xsw1', 'xsw2']) {
    test(`${tamper} (Response signed): discard-unsigned-assertions refuses it; claims-from-unsigned-assertion signs in the forged subject`, async () => {
      const m = message(tamper, RESPONSE);
      assert.equal(await discarding(m), undefined);
      assert.equal(await beside(m), FORGED);
    });
  }

  test('xsw7: the forged assertion in samlp:Extensions is no assertion of the Response, so neither defect reads it', async () => {
    const m = message('xsw7');
    assert.equal(await beside(m), GENUINE);
  });
});
