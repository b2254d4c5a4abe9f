import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import { openStateDb } from '../../lib/state/state-db.ts';
import { declares } from '../../lib/target/declares.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import { IdpPeers } from '../../simulators/sp/peers.ts';
import { inputFileError } from '../support/input-file-error.ts';
import { MINIMAL_SP_PROFILE } from '../support/minimal-sp-profile.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { write } = tempWorkspace('rollover-profile');

const SP = MINIMAL_SP_PROFILE;

describe('metadataRefresh in a target profile', () => {
  it('the rollover checks apply only to a profile that can take new IdP metadata', () => {
    const load = (name: string, extra: string) => loadTargetProfile(write(name, SP + extra));
    assert.ok(declares(loadTargetProfile(join(REPO, 'targets/reference-sp.yaml')), 'metadataRefresh'));
    assert.ok(
      declares(
        load('cmd.yaml', 'metadataRefresh: { command: "./reload {metadata_file}" }\n'),
        'metadataRefresh',
      ),
    );
    assert.ok(declares(load('poll.yaml', 'metadataRefresh: { pollSeconds: 30 }\n'), 'metadataRefresh'));
    assert.ok(!declares(load('manual.yaml', 'metadataRefresh: { manual: true }\n'), 'metadataRefresh'));
    assert.ok(!declares(load('none.yaml', ''), 'metadataRefresh'));
  });

  it('a wrong metadataRefresh is an error naming the field', () => {
    const err = (name: string, extra: string) =>
      inputFileError(loadTargetProfile, write(name, SP + extra)).message;
    assert.match(err('two.yaml', 'metadataRefresh: { manual: true, pollSeconds: 5 }\n'), /\/metadataRefresh/);
    assert.match(err('zero.yaml', 'metadataRefresh: { pollSeconds: 0 }\n'), /\/metadataRefresh\/pollSeconds/);
    assert.match(
      err('manual-exchange.yaml', 'exchange: { manual: true }\nmetadataRefresh: { exchange: true }\n'),
      /\/metadataRefresh\/exchange: needs exchange.post or exchange.command/,
    );
    assert.match(
      err('var.yaml', 'metadataRefresh: { command: "./reload {nope}" }\n'),
      /\/metadataRefresh\/command/,
    );
  });
});

describe('keyRollover in a target profile', () => {
  const HOOKS = `keyRollover:
  publish: { url: "{base_url}/roll", body: { step: 1 } }
  switch: { url: "{base_url}/roll", method: PUT }
  retire: { command: "./retire {base_url}" }
`;
  it('the SP key rollover checks apply only to hooks on an SP that decrypts', () => {
    const load = (name: string, extra: string) => loadTargetProfile(write(name, SP + extra));
    assert.ok(declares(loadTargetProfile(join(REPO, 'targets/reference-sp.yaml')), 'keyRollover'));
    const decrypts = SP.replace('bindings: [redirect]', 'bindings: [redirect], encryptedAssertions: true');
    assert.ok(declares(loadTargetProfile(write('hooks.yaml', decrypts + HOOKS)), 'keyRollover'));
    assert.ok(!declares(load('no-enc.yaml', HOOKS), 'keyRollover'));
    assert.ok(!declares(load('manual-roll.yaml', 'keyRollover: { manual: true }\n'), 'keyRollover'));
    assert.ok(!declares(load('no-roll.yaml', ''), 'keyRollover'));
  });

  it('a wrong keyRollover is an error naming the field', () => {
    const err = (name: string, extra: string) =>
      inputFileError(loadTargetProfile, write(name, SP + extra)).message;
    assert.match(err('partial.yaml', 'keyRollover: { publish: { url: "{base_url}/x" } }\n'), /\/keyRollover/);
    assert.match(
      err('cmd-body.yaml', HOOKS.replace('./retire {base_url}"', './retire", body: {}')),
      /\/keyRollover\/retire\/body: applies to a url hook only/,
    );
    assert.match(
      err('var-roll.yaml', HOOKS.replace('./retire {base_url}', './retire {nope}')),
      /\/keyRollover\/retire\/command/,
    );
  });
});

describe('the reference SP, when new IdP metadata replaces the old', () => {
  it('remembers the signing certificates the new metadata dropped, for the seeded defect that keeps trusting them', () => {
    const idp = (certs: string[]) =>
      `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.roll.test"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${certs
        .map(
          (c) =>
            `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${c.replace(/-----[^-]+-----|\s/g, '')}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`,
        )
        .join(
          '',
        )}<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.roll.test/sso"/></IDPSSODescriptor></EntityDescriptor>`;
    const [a, b] = [1, 2].map((n) => issueSelfSignedCertificate({ commonName: `idp${n}.roll.test` }).certPem);
    const peers = new IdpPeers(openStateDb('memory'), 'org', () => new Date());
    const first = peers.add(idp([a]));
    assert.equal(first.replacedSigningCerts, undefined);
    assert.equal(peers.add(idp([a, b])).replacedSigningCerts?.length, 0);
    const rolled = peers.add(idp([b]));
    assert.equal(rolled.signingCerts.length, 1);
    assert.equal(
      rolled.replacedSigningCerts?.length,
      1,
      'the retired certificate is remembered, not trusted',
    );
  });
});
