import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueSelfSignedCertificate, privateKeyObject } from '../../lib/pki/certificate.ts';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { buildResponse } from '../../lib/saml/response/build-response.ts';
import { warmUpSchemaValidator } from '../../lib/saml/schema/validator.ts';
import { TAMPERS, type TamperContext } from '../../lib/saml/tamper/index.ts';
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
 * The two SP defects around a Response that carries an unsigned assertion beside a signed one, as
 * the ACS applies them: discard-unsigned-assertions signs in the genuine subject of the signed
 * assertion (nothing forged takes effect), claims-from-unsigned-assertion the forged one.
 */

const IDP = 'https://idp.unsigned.test';
const SP = 'https://sp.unsigned.test';
const ACS = `${SP}/acs`;
const GENUINE = 'alice@corp.test';
const FORGED = 'bob@corp.test';

const idp = issueSelfSignedCertificate({ commonName: 'unsigned-idp', organization: 'Accord Test' });
const attacker = issueSelfSignedCertificate({ commonName: 'unsigned-attacker' });
const realKey = { key: privateKeyObject(idp.keyPem), certPem: idp.certPem };
const tamperCtx: TamperContext = {
  attackerNameId: FORGED,
  attackerKey: { key: privateKeyObject(attacker.keyPem), certPem: attacker.certPem },
  realKey,
};
const CERTS = [idp.certPem];

function genuine(sign: { response: boolean; assertion: boolean }): string {
  return buildResponse(
    sampleResponseModel(
      { issuer: IDP, sp: SP, acs: ACS, nameId: GENUINE, now: new Date() },
      { nameId: { value: GENUINE, format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' } },
    ),
    { signResponse: sign.response, signAssertion: sign.assertion, key: realKey.key, certPem: idp.certPem },
  ).xml;
}

function context(defects: string[] = []): ValidationContext {
  return {
    idp: { entityId: IDP, signingCerts: CERTS },
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

const ASSERTION = { response: false, assertion: true };
const RESPONSE = { response: true, assertion: false };

function message(tamper: string | undefined, sign = ASSERTION): string {
  const xml = genuine(sign);
  return encodePostMessage(tamper ? TAMPERS.get(tamper)!.apply(xml, tamperCtx) : xml);
}

const uid = (identity: { attributes: Record<string, string[]> } | undefined) =>
  identity ? (identity.attributes.uid?.[0] ?? '(no uid)') : undefined;

/** Who the ACS signs in under discard-unsigned-assertions. */
async function discarding(samlResponse: string): Promise<string | undefined> {
  const { read } = discardUnsigned(readResponse(samlResponse), samlResponse, CERTS);
  const r = await validateRead(read, context(['discard-unsigned-assertions']));
  return r.accepted ? uid(r.identity) : undefined;
}

/** Who the ACS signs in under claims-from-unsigned-assertion. */
async function beside(samlResponse: string): Promise<string | undefined> {
  const read = readResponse(samlResponse);
  const r = await validateRead(read, context(['claims-from-unsigned-assertion', 'naive-signature-lookup']));
  return r.accepted ? uid(identityBesideSigned(read, CERTS) ?? r.identity) : undefined;
}

describe('SP defects around an unsigned assertion beside a signed one', () => {
  test('warm up the schema validator', async () => {
    await warmUpSchemaValidator();
  });

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
