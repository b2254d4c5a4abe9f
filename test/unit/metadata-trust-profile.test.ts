import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runMetadataTrustHook, uploadIdpMetadata } from '../../lib/protocol/saml2/metadata-trust.ts';
import { declares } from '../../lib/target/declares.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import { inputFileError } from '../support/input-file-error.ts';
import { MINIMAL_SP_PROFILE } from '../support/minimal-sp-profile.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { write } = tempWorkspace('metadata-trust-profile');

const SP = MINIMAL_SP_PROFILE;

const TRUST = `metadataTrust:
  anchor: { command: "cp {ca_file} /etc/sp/trust/accord.pem && ./reload" }
  upload: { post: "{base_url}/idps?signed=required", refusal: "class=\\"error\\"" }
  remove: { url: "{base_url}/idps?entityId={idp_entity_id}", method: DELETE }
  settleSeconds: 2
`;

const err = (name: string, text: string) => inputFileError(loadTargetProfile, write(name, text)).message;

describe('metadataTrust in a target profile', () => {
  it('SP-META-TRUST applies to an SP profile that declares it, the reference SP among them', () => {
    assert.ok(declares(loadTargetProfile(join(REPO, 'targets/reference-sp.yaml')), 'metadataTrust'));
    const p = loadTargetProfile(write('trust.yaml', SP + TRUST));
    assert.ok(declares(p, 'metadataTrust'));
    assert.equal(p.metadataTrust?.upload.refusal, 'class="error"');
    assert.ok(!declares(loadTargetProfile(write('none.yaml', SP)), 'metadataTrust'));
  });

  it('a wrong metadataTrust is an error naming the field at fault', () => {
    assert.match(
      err('no-upload.yaml', `${SP}metadataTrust:\n  anchor: { url: "{base_url}/ca" }\n`),
      /no-upload\.yaml:11:1: \/metadataTrust\/upload: required property is missing/,
    );
    assert.match(
      err(
        'two-uploads.yaml',
        TRUST.replace(
          'post: "{base_url}/idps?signed=required"',
          'post: "{base_url}/x", command: "./up {metadata_file}"',
        ).replace(/^/, SP),
      ),
      /\/metadataTrust\/upload/,
    );
    assert.match(
      err('regex.yaml', SP + TRUST.replace('refusal: "class=\\"error\\""', 'refusal: "(unclosed"')),
      /\/metadataTrust\/upload\/refusal: not a valid regular expression/,
    );
    assert.match(
      err('remove.yaml', SP + TRUST.replace('?entityId={idp_entity_id}', '')),
      /\/metadataTrust\/remove: name the IdP to remove with \{idp_entity_id\}/,
    );
    assert.match(
      err('cmd-method.yaml', SP + TRUST.replace('./reload" }', './reload", method: PUT }')),
      /\/metadataTrust\/anchor\/method: applies to a url hook only/,
    );
    assert.match(
      err(
        'body-var.yaml',
        `${SP}metadataTrust:\n  anchor: { url: "{base_url}/ca", body: { pem: "{ca_cert}" } }\n  upload: { post: "{base_url}/idps" }\n`,
      ),
      /\/metadataTrust\/anchor\/body: unknown placeholder \{ca_cert\}/,
    );
    assert.match(
      err('idp.yaml', `${SP.replace('role: sp', 'role: idp')}${TRUST}`),
      /\/metadataTrust: applies to role sp only; role is idp/,
    );
  });
});

describe('the metadataTrust hooks', () => {
  const seen: Array<{ method: string; url: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      // A product that answers 200 with an error page when it refuses.
      if (body.includes('unsigned')) res.end('<p class="error">metadata must be signed</p>');
      else res.end('<p>IdP saved</p>');
    });
  });
  let base = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('fill the body with the anchor, and read a refusal from the answer when the status says nothing', async () => {
    const profile = loadTargetProfile(
      write(
        'served.yaml',
        `${SP.replace('https://sp.example.org', base)}metadataTrust:
  anchor: { url: "{base_url}/anchors", method: PUT, body: { security: kept, anchors: ["{ca_pem}"] } }
  upload: { post: "{base_url}/idps", refusal: "class=\\"error\\"" }
`,
      ),
    );
    const vars = { base_url: base, ca_pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' };
    assert.equal(await runMetadataTrustHook(profile, 'anchor', vars), `PUT ${base}/anchors`);
    assert.deepEqual(JSON.parse(seen[0].body), { security: 'kept', anchors: [vars.ca_pem] });
    assert.equal(await runMetadataTrustHook(profile, 'remove', vars), undefined, 'remove is not declared');
    const refused = await uploadIdpMetadata(profile, '<EntityDescriptor>unsigned</EntityDescriptor>', vars);
    assert.deepEqual(refused, {
      accepted: false,
      answer: '200 <p class="error">metadata must be signed</p>',
    });
    const taken = await uploadIdpMetadata(profile, '<EntityDescriptor>signed</EntityDescriptor>', vars);
    assert.equal(taken.accepted, true);
  });

  it('a command upload is given the metadata as a file: exit 0 accepted, any other refused', async () => {
    const profile = loadTargetProfile(
      write(
        'cmd.yaml',
        `${SP}metadataTrust:\n  anchor: { command: "true" }\n  upload: { command: "grep -q signed {metadata_file} && ! grep -q unsigned {metadata_file}" }\n`,
      ),
    );
    assert.equal((await uploadIdpMetadata(profile, '<x>signed</x>', {})).accepted, true);
    assert.equal((await uploadIdpMetadata(profile, '<x>unsigned</x>', {})).accepted, false);
  });
});
