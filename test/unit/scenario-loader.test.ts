import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type AnyScenario,
  InputFileError,
  loadOidcScenario,
  loadSamlScenario,
  loadScenario,
  loadScenarios,
  OIDC_PATH_DEFAULTS,
  type Scenario,
  USER_FIELDS,
  vendorIds,
} from '../../lib/scenario/index.ts';
import { inputFileError } from '../support/input-file-error.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHIPPED = ['adfs', 'entra', 'ping'].map((id) => join(REPO, 'scenarios', `${id}.yaml`));
const { dir: WORK, write } = tempWorkspace('scenario');
const loadError = (file: string) => inputFileError(loadScenario, file);
const saml = (s: AnyScenario): Scenario => {
  assert.equal(s.protocol, 'saml2', s.file);
  return s as Scenario;
};

const MINIMAL = `id: minimal
title: Minimal
protocol: saml2
vendor: generic
idp:
  entityId: '{base_url}/idp'
`;

describe('shipped scenarios', () => {
  it('all load, with explicit users first and the directory after', () => {
    const scenarios = loadScenarios(SHIPPED).map(saml);
    assert.deepEqual(
      scenarios.map((s) => s.id),
      ['adfs', 'entra', 'ping'],
    );
    for (const s of scenarios) {
      const generated = s.users.slice(-s.directory.count);
      assert.ok(s.users.length - generated.length >= 2, `${s.id} has explicit users`);
      assert.ok(
        generated.every(
          (u) => u.email === u.email.toLowerCase() && u.email.endsWith(`@${s.directory.domain}`),
        ),
      );
      assert.ok(
        s.users.some((u) => u.groups.length > 0),
        `${s.id} has a user with groups`,
      );
      const emails = s.users.map((u) => u.email.toLowerCase());
      assert.equal(new Set(emails).size, emails.length, `${s.id} emails are unique`);
      assert.ok(
        s.idp.attributes.some((a) => a.name === 'uid'),
        `${s.id} sends uid`,
      );
    }
  });

  it('adfs has the AD FS shapes', () => {
    const s = loadSamlScenario(SHIPPED[0]);
    assert.equal(s.idp.entityId, '{base_url}/adfs/services/trust');
    assert.equal(s.idp.paths.metadata, '/FederationMetadata/2007-06/FederationMetadata.xml');
    assert.equal(s.idp.paths.idpInitiated, '/adfs/ls/idpinitiatedsignon.aspx');
    assert.deepEqual(s.idp.signing, {
      response: false,
      assertion: true,
      signatureAlgorithm: 'rsa-sha256',
      digestAlgorithm: 'sha256',
    });
    assert.deepEqual(s.idp.nameId, {
      format: 'transient',
      from: 'email',
      nameQualifier: true,
      spNameQualifier: true,
    });
    assert.deepEqual(s.idp.attributes[0], { name: 'uid', from: 'email' });
    assert.equal(s.idp.metadata.wsFedRoleDescriptors, true);
  });

  it('entra follows the tutorial: tenant paths, its claim table, B.Simon', () => {
    const s = loadSamlScenario(SHIPPED[1]);
    assert.equal(s.idp.entityId, 'https://sts.windows.net/{tenant_id}/');
    assert.match(s.idp.tenantId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(s.idp.paths.sso, '/{tenant_id}/saml2');
    const byName = new Map(s.idp.attributes.map((a) => [a.name, a]));
    assert.equal(byName.get('firstname')?.from, 'firstName');
    assert.equal(byName.get('lastname')?.from, 'lastName');
    assert.equal(byName.get('email')?.from, 'email');
    assert.equal(byName.get('uid')?.from, 'email');
    assert.equal(byName.get('http://schemas.microsoft.com/identity/claims/tenantid')?.from, 'tenantId');
    const simon = s.users[0];
    assert.equal(simon.username, 'B.Simon');
    assert.equal(simon.email, 'B.Simon@contoso.com');
    assert.equal(s.idp.nameId.format, 'emailAddress');
  });

  it('ping signs response and assertion and sends basic attribute names', () => {
    const s = loadSamlScenario(SHIPPED[2]);
    assert.equal(s.idp.signing.response, true);
    assert.equal(s.idp.signing.assertion, true);
    assert.equal(s.idp.paths.sso, '/idp/SSO.saml2');
    assert.ok(s.idp.attributes.every((a) => a.nameFormat === 'basic'));
    assert.ok(s.idp.attributes.some((a) => a.name === 'memberOf' && a.from === 'groups'));
  });
});

describe('defaults', () => {
  it('fills what a minimal scenario leaves out', () => {
    const s = loadSamlScenario(write('minimal.yaml', MINIMAL));
    assert.equal(s.description, '');
    assert.deepEqual(s.idp.paths, {
      metadata: '/metadata',
      sso: '/sso',
      slo: '/slo',
      idpInitiated: '/idp-initiated',
      login: '/login',
    });
    assert.deepEqual(s.idp.metadata, { signed: true, withId: true, wsFedRoleDescriptors: false });
    assert.deepEqual(s.idp.nameId, {
      format: 'transient',
      from: 'random',
      nameQualifier: false,
      spNameQualifier: false,
    });
    assert.equal(s.idp.assertionLifetimeSeconds, 300);
    assert.equal(s.idp.notBeforeSkewSeconds, 0);
    assert.equal(s.idp.idpInitiated, true);
    assert.deepEqual(s.idp.attributes, []);
    assert.equal(s.users.length, 20);
    assert.ok(s.users.every((u) => u.email.endsWith('@example.com')));
  });

  it('takes the NameID source from the format and the paths from the vendor', () => {
    const s = loadSamlScenario(
      write(
        'vendor-defaults.yaml',
        MINIMAL.replace('vendor: generic', 'vendor: ping').concat('  nameId:\n    format: persistent\n'),
      ),
    );
    assert.equal(s.idp.nameId.from, 'objectId');
    assert.equal(s.idp.paths.sso, '/idp/SSO.saml2');
  });

  it('completes explicit users and keeps their objectId stable', () => {
    const text = `${MINIMAL}users:\n  - username: kim\n    email: Kim@Example.com\n    firstName: Kim\n    lastName: Lee\n`;
    const a = loadSamlScenario(write('explicit-a.yaml', text));
    const b = loadSamlScenario(write('explicit-b.yaml', text));
    assert.equal(a.users[0].displayName, 'Kim Lee');
    assert.equal(a.users[0].upn, 'Kim@Example.com');
    assert.equal(a.users[0].password, a.directory.password);
    assert.deepEqual(a.users[0].groups, []);
    assert.equal(a.users[0].objectId, b.users[0].objectId);
    assert.ok(!a.users.slice(1).some((u) => u.email === 'kim@example.com'));
  });

  it('schema enum of user fields matches USER_FIELDS', () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'lib/scenario/scenario.schema.json'), 'utf8'));
    assert.deepEqual(schema.definitions.attribute.properties.from.enum, ['tenantId', ...USER_FIELDS]);
    assert.deepEqual(schema.definitions.idp.properties.nameId.properties.from.enum, [
      'random',
      ...USER_FIELDS,
    ]);
  });
});

describe('errors name file, line and JSON path', () => {
  it('wrong type', () => {
    const file = write('wrong-type.yaml', `${MINIMAL}  signing:\n    response: "yes"\n    assertion: true\n`);
    const err = loadError(file);
    assert.match(err.message, /wrong-type\.yaml:8:5: \/idp\/signing\/response: must be boolean/);
    assert.equal(err.file, file);
    assert.equal(err.line, 8);
    assert.equal(err.column, 5);
    assert.equal(err.jsonPath, '/idp/signing/response');
  });

  it('reports every error, one per line, in file order', () => {
    const err = loadError(
      write(
        'many.yaml',
        `${MINIMAL}  assertionLifetimeSeconds: soon\n  signing:\n    response: 1\ndirectory:\n  count: -1\n`,
      ),
    );
    const lines = err.message.split('\n');
    assert.equal(lines.length, 3, err.message);
    assert.match(lines[0], /:7:3: \/idp\/assertionLifetimeSeconds: must be integer/);
    assert.match(lines[1], /:9:5: \/idp\/signing\/response: must be boolean/);
    assert.match(lines[2], /:11:3: \/directory\/count: must be >= 0/);
    assert.equal(err.issues.length, 3);
  });

  it('unknown property named, with a suggestion', () => {
    const err = loadError(write('typo.yaml', `${MINIMAL}  signing:\n    respnse: true\n`));
    assert.match(err.message, /typo\.yaml:8:5: \/idp\/signing\/respnse: unknown property "respnse"/);
    assert.match(err.message, /did you mean "response"\?/);
  });

  it('missing required property', () => {
    const err = loadError(write('no-title.yaml', MINIMAL.replace('title: Minimal\n', '')));
    assert.match(err.message, /no-title\.yaml:1:1: \/title: required property is missing/);
  });

  it('bad enum value lists the allowed ones', () => {
    const err = loadError(write('vendor.yaml', MINIMAL.replace('vendor: generic', 'vendor: no-such-idp')));
    const allowed = vendorIds()
      .map((id) => `"${id}"`)
      .join(', ');
    assert.ok(
      err.message.includes(`vendor.yaml:4:1: /vendor: must be one of ${allowed}, not "no-such-idp"`),
      err.message,
    );
  });

  it('YAML syntax error gives file and line', () => {
    const err = loadError(write('syntax.yaml', 'id: x\ntitle: [unclosed\nprotocol: saml2\n'));
    assert.match(err.message, /syntax\.yaml:\d+:\d+: YAML syntax:/);
    assert.ok(err.line !== undefined && err.line >= 2, err.message);
  });

  it('duplicate key is a YAML error', () => {
    const err = loadError(write('dup.yaml', `${MINIMAL}title: Again\n`));
    assert.match(err.message, /dup\.yaml:7:1: YAML syntax: Map keys must be unique/);
  });

  it('a file that is not a mapping', () => {
    const err = loadError(write('list.yaml', '- a\n- b\n'));
    assert.match(err.message, /list\.yaml:1:1: the file must hold a mapping/);
  });

  it('missing file named', () => {
    const file = join(WORK, 'nope.yaml');
    const err = loadError(file);
    assert.equal(err.message, `${file}: file not found`);
  });

  it('cross-field rules', () => {
    const err = loadError(
      write(
        'cross.yaml',
        `id: cross
title: Cross
protocol: saml2
vendor: entra
idp:
  entityId: 'https://sts.windows.net/{tenant_id}/{tennant}'
  nameId:
    format: emailAddress
    from: random
  attributes:
    - name: uid
    - name: uid
      from: email
      value: x
users:
  - { username: a, email: a@x.org, firstName: A, lastName: A }
  - { username: b, email: A@X.org, firstName: B, lastName: B }
`,
      ),
    );
    const m = err.message;
    assert.match(
      m,
      /cross\.yaml:5:1: \/idp\/tenantId: required property is missing: the entra default paths use \{tenant_id\}/,
    );
    assert.match(m, /cross\.yaml:6:3: \/idp\/entityId: uses \{tenant_id\} but idp\.tenantId is not set/);
    assert.match(m, /cross\.yaml:6:3: \/idp\/entityId: unknown placeholder \{tennant\}/);
    assert.match(m, /cross\.yaml:9:5: \/idp\/nameId\/from: random .* only a transient NameID/);
    assert.match(m, /cross\.yaml:11:7: \/idp\/attributes\/0: attribute "uid" needs "from"/);
    assert.match(m, /cross\.yaml:12:7: \/idp\/attributes\/1: attribute "uid" sets both/);
    assert.match(m, /cross\.yaml:12:7: \/idp\/attributes\/1\/name: duplicate attribute "uid"/);
    assert.match(m, /cross\.yaml:17:\d+: \/users\/1\/email: duplicate email "A@X\.org"/);
  });

  it('duplicate ids across scenarios, and issues of several files together', () => {
    const a = write('dup-a.yaml', MINIMAL);
    const b = write('dup-b.yaml', MINIMAL);
    const bad = write('dup-bad.yaml', MINIMAL.replace('protocol: saml2', 'protocol: saml3'));
    assert.throws(
      () => loadScenarios([a, b, bad]),
      (err: unknown) =>
        err instanceof InputFileError &&
        /dup-b\.yaml:1:1: \/id: scenario id "minimal" is already used by .*dup-a\.yaml/.test(err.message) &&
        /dup-bad\.yaml:3:1: \/protocol: must be one of "saml2"/.test(err.message),
    );
  });
});

const OIDC_MINIMAL = `id: oidc-minimal
title: Minimal OP
protocol: oidc
vendor: generic
op:
  issuer: '{base_url}'
`;

describe('OIDC scenarios (protocol: oidc)', () => {
  const oidc = (id: string) => loadOidcScenario(join(REPO, 'scenarios', `${id}.yaml`));

  it('generic-oidc: a standards-only OP at the simulator URL, users from the directory model', () => {
    const s = oidc('generic-oidc');
    assert.equal(s.protocol, 'oidc');
    assert.equal(s.op.issuer, '{base_url}');
    assert.equal(s.op.claims, 'standard');
    assert.deepEqual(s.op.paths, OIDC_PATH_DEFAULTS);
    assert.deepEqual(s.op.keys, { kid: 'thumbprint', certificates: false });
    assert.equal(s.users[0].username, 'kim.lee');
    assert.equal(s.users.length, 2 + s.directory.count);
    assert.ok(s.users.slice(2).every((u) => u.email.endsWith('@example.org')));
  });

  it("entra-oidc: the v2.0 issuer shape under the tenant, Entra's claims, kid = x5t, a groups limit", () => {
    const s = oidc('entra-oidc');
    assert.equal(s.op.issuer, '{base_url}/{tenant_id}/v2.0');
    assert.match(s.op.tenantId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(s.op.claims, 'entra');
    assert.equal(s.op.paths.authorization, '/oauth2/v2.0/authorize');
    assert.equal(s.op.paths.jwks, '/discovery/v2.0/keys');
    assert.deepEqual(s.op.keys, { kid: 'x5t', certificates: true });
    assert.equal(s.op.dynamicRegistration, false, 'Entra ID offers no RFC 7591 registration');
    const limit = s.op.groupsLimit ?? Number.POSITIVE_INFINITY;
    assert.ok(
      s.users.some((u) => u.groups.length > limit),
      'a user shows the overage form',
    );
    assert.ok(s.users.some((u) => u.groups.length > 0 && u.groups.length <= limit));
  });

  it('defaults fill what a minimal OIDC scenario leaves out', () => {
    const s = loadOidcScenario(write('oidc-minimal.yaml', OIDC_MINIMAL));
    assert.deepEqual(s.op, {
      issuer: '{base_url}',
      paths: OIDC_PATH_DEFAULTS,
      claims: 'standard',
      keys: { kid: 'thumbprint', certificates: false },
      idTokenLifetimeSeconds: 3600,
      accessTokenLifetimeSeconds: 3600,
      dynamicRegistration: true,
    });
    assert.equal(s.users.length, 20);
  });

  it('loadScenario tells the protocols apart; asking one for the other is an error at /protocol', () => {
    assert.equal(loadScenario(join(REPO, 'scenarios/generic-oidc.yaml')).protocol, 'oidc');
    assert.equal(loadScenario(SHIPPED[0]).protocol, 'saml2');
    const err = inputFileError(loadSamlScenario, join(REPO, 'scenarios/generic-oidc.yaml'));
    assert.match(
      err.message,
      /generic-oidc\.yaml:\d+:1: \/protocol: a saml2 scenario is needed here, this one is oidc/,
    );
    assert.match(
      inputFileError(loadOidcScenario, SHIPPED[0]).message,
      /\/protocol: an oidc scenario is needed/,
    );
  });

  it('an oidc scenario without op, and a saml2 one without idp, name the missing block', () => {
    const noOp = loadError(write('no-op.yaml', OIDC_MINIMAL.replace(/op:\n.*\n$/, '')));
    assert.equal(noOp.issues.length, 1, noOp.message);
    assert.match(noOp.message, /no-op\.yaml:1:1: \/op: required property is missing/);
    const noIdp = loadError(write('no-idp.yaml', MINIMAL.replace(/idp:\n.*\n$/, '')));
    assert.equal(noIdp.issues.length, 1, noIdp.message);
    assert.match(noIdp.message, /no-idp\.yaml:1:1: \/idp: required property is missing/);
  });

  it('errors inside op name file, line and JSON path', () => {
    const err = loadError(
      write(
        'oidc-bad.yaml',
        `${OIDC_MINIMAL}  claim: entra\n  groupsLimit: many\n  keys:\n    kid: sha1\n  paths:\n    token: token\n`,
      ),
    );
    const m = err.message;
    assert.match(m, /oidc-bad\.yaml:7:3: \/op\/claim: unknown property "claim" \(did you mean "claims"\?\)/);
    assert.match(m, /oidc-bad\.yaml:8:3: \/op\/groupsLimit: must be integer, not string/);
    assert.match(m, /oidc-bad\.yaml:10:5: \/op\/keys\/kid: must be one of "thumbprint", "x5t", not "sha1"/);
    assert.match(m, /oidc-bad\.yaml:12:5: \/op\/paths\/token: "token" does not match pattern/);
    assert.equal(err.issues.length, 4, m);
  });

  it('an issuer must be served by the simulator: {base_url} then a path', () => {
    const err = loadError(
      write('oidc-iss.yaml', OIDC_MINIMAL.replace("issuer: '{base_url}'", 'issuer: https://op.example.com/')),
    );
    assert.match(
      err.message,
      /oidc-iss\.yaml:6:3: \/op\/issuer: "https:\/\/op\.example\.com\/" does not match pattern/,
    );
  });

  it('cross-field rules: placeholders, duplicate paths, a SAML block in an OIDC file and the reverse', () => {
    const err = loadError(
      write(
        'oidc-cross.yaml',
        `${OIDC_MINIMAL.replace("issuer: '{base_url}'", "issuer: '{base_url}/{tenant_id}/{tenant}'")}  paths:
    token: /auth
idp:
  entityId: x
users:
  - { username: a, email: a@x.org, firstName: A, lastName: A }
  - { username: A, email: b@x.org, firstName: B, lastName: B }
`,
      ),
    );
    const m = err.message;
    assert.match(m, /oidc-cross\.yaml:6:3: \/op\/issuer: uses \{tenant_id\} but op\.tenantId is not set/);
    assert.match(m, /oidc-cross\.yaml:6:3: \/op\/issuer: unknown placeholder \{tenant\}/);
    assert.match(m, /oidc-cross\.yaml:8:5: \/op\/paths\/token: \/auth is already the authorization path/);
    assert.match(m, /oidc-cross\.yaml:9:1: \/idp: an oidc scenario describes its provider under op/);
    assert.match(m, /oidc-cross\.yaml:13:\d+: \/users\/1\/username: duplicate username "A"/);
    const saml = loadError(write('saml-op.yaml', `${MINIMAL}op:\n  issuer: '{base_url}'\n`));
    assert.match(saml.message, /saml-op\.yaml:7:1: \/op: a saml2 scenario describes its IdP under idp/);
  });
});
