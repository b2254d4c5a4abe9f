import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDef } from '../../lib/checks/catalog.ts';
import { declares } from '../../lib/target/declares.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import { inputFileError } from '../support/input-file-error.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { dir: WORK, write } = tempWorkspace('target');

const loadError = (file: string) => inputFileError(loadTargetProfile, file);

const SP = `name: Some SP
role: sp
protocol: saml2
baseUrl: https://sp.example.org
metadata:
  url: '{base_url}/saml/metadata'
capabilities:
  spInitiated: true
  idpInitiated: false
  slo: false
  bindings: [redirect]
login:
  start:
    redirect: '{base_url}/saml/login?RelayState={relay_state}'
  success:
    text: 'Welcome {firstName}'
`;

describe('shipped target profiles', () => {
  it('reference-sp loads with raw templates', () => {
    const p = loadTargetProfile(join(REPO, 'targets/reference-sp.yaml'));
    assert.equal(p.role, 'sp');
    assert.deepEqual(p.builtin?.simulator, 'sp');
    assert.equal(p.baseUrl, undefined);
    assert.equal(p.metadata?.url, '{base_url}/metadata');
    assert.equal(p.exchange?.post, '{base_url}/__accord/peers');
    assert.deepEqual(p.capabilities, {
      spInitiated: true,
      idpInitiated: true,
      slo: true,
      signedRequests: true,
      encryptedAssertions: true,
      bindings: ['redirect', 'post'],
    });
    assert.equal(
      p.login?.start.redirect,
      '{base_url}/login?binding=redirect&idp={idp_entity_id}&RelayState={relay_state}',
    );
    assert.equal(
      p.login?.start.post,
      '{base_url}/login?binding=post&idp={idp_entity_id}&RelayState={relay_state}',
    );
    assert.equal(p.login?.success.text, '{email}');
    assert.equal(p.logout?.start, '{base_url}/logout');
  });

  it('reference-sp success url matches /me and not /metadata', () => {
    const p = loadTargetProfile(join(REPO, 'targets/reference-sp.yaml'));
    const re = new RegExp((p.login?.success.url ?? '').replace('{base_url}', 'http://127\\.0\\.0\\.1:4000'));
    assert.ok(re.test('http://127.0.0.1:4000/me'));
    assert.ok(re.test('http://127.0.0.1:4000/me?x=1'));
    assert.ok(!re.test('http://127.0.0.1:4000/metadata'));
  });

  it('builtin-idp loads', () => {
    const p = loadTargetProfile(join(REPO, 'targets/builtin-idp.yaml'));
    assert.equal(p.role, 'idp');
    assert.deepEqual(p.loginForm, {
      username: '#username',
      next: '#nextButton',
      password: '#password',
      submit: 'button[type=submit]',
      after: ['#staySignedInYes'],
    });
    assert.deepEqual(p.users, { url: '{base_url}/__accord/test-users' });
    assert.equal(
      p.idpInitiated?.start,
      '{base_url}/__accord/idp-initiated?sp={sp_entity_id}&RelayState={relay_state}',
    );
    assert.deepEqual(p.capabilities.bindings, ['redirect', 'post']);
  });
});

const RP = `name: Some RP
role: rp
protocol: oidc
baseUrl: https://rp.example.org
oidc:
  client:
    id: some-rp
    secret: s3cret
    tokenEndpointAuthMethod: client_secret_post
    redirectUris: ['{base_url}/oidc/callback']
exchange:
  command: './trust-op.sh {discovery_url} {client_id} {client_secret} {issuer}'
login:
  start:
    redirect: '{base_url}/login'
  success:
    text: '{email}'
`;

describe('oidc rp profiles', () => {
  it('reference-rp loads: no metadata, no SAML capabilities, the client and its logouts', () => {
    const p = loadTargetProfile(join(REPO, 'targets/reference-rp.yaml'));
    assert.equal(p.role, 'rp');
    assert.equal(p.protocol, 'oidc');
    assert.equal(p.builtin?.simulator, 'rp');
    assert.equal(p.metadata, undefined);
    assert.equal(p.exchange?.post, '{base_url}/__accord/op');
    assert.deepEqual(p.oidc?.client.redirectUris, ['{base_url}/callback']);
    assert.equal(p.oidc?.client.backchannelLogoutUri, '{base_url}/backchannel-logout');
    assert.equal(p.oidc?.rpLogout, true);
    assert.equal(p.login?.start.redirect, '{base_url}/login');
    assert.deepEqual(p.login?.echo, {
      url: '{base_url}/me/claims',
      selector: '#accord-echo',
      format: 'json',
    });
    assert.equal(p.logout?.start, '{base_url}/logout');
    assert.equal(p.capabilities.spInitiated, false);
    assert.deepEqual(p.capabilities.bindings, []);
  });

  it('an external RP with an exchange command using the OP and client placeholders loads', () => {
    const p = loadTargetProfile(write('rp-ok.yaml', RP));
    assert.equal(p.oidc?.client.tokenEndpointAuthMethod, 'client_secret_post');
    assert.match(p.exchange?.command ?? '', /\{discovery_url\}/);
    assert.equal(p.logout, undefined);
  });

  it('needs oidc.client and login; the client needs its registration fields', () => {
    const noClient = loadError(write('rp-no-oidc.yaml', RP.replace(/oidc:\n( {2}.*\n)+/, '')));
    assert.match(
      noClient.message,
      /rp-no-oidc\.yaml:1:1: \/oidc: required property is missing \(role rp needs it\)/,
    );
    const noLogin = loadError(write('rp-no-login.yaml', RP.slice(0, RP.indexOf('login:'))));
    assert.match(noLogin.message, /\/login: required property is missing \(role rp needs it\)/);
    const noRedirect = loadError(
      write('rp-no-redirect.yaml', RP.replace("    redirectUris: ['{base_url}/oidc/callback']\n", '')),
    );
    assert.match(
      noRedirect.message,
      /rp-no-redirect\.yaml:6:3: \/oidc\/client\/redirectUris: required property is missing/,
    );
    const badMethod = loadError(write('rp-method.yaml', RP.replace('client_secret_post', 'private_key_jwt')));
    assert.match(
      badMethod.message,
      /rp-method\.yaml:9:5: \/oidc\/client\/tokenEndpointAuthMethod: must be one of "client_secret_basic", "client_secret_post", not "private_key_jwt"/,
    );
  });

  it('refuses the SAML parts and a role of the other protocol', () => {
    const saml = loadError(
      write(
        'rp-saml.yaml',
        RP.concat(
          "metadata: { url: '{base_url}/md' }\ncapabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: [redirect] }\nnameId: { format: transient }\n",
        ),
      ),
    );
    assert.match(saml.message, /\/metadata: applies to protocol saml2 only; protocol is oidc/);
    assert.match(saml.message, /\/capabilities: applies to protocol saml2 only; protocol is oidc/);
    assert.match(saml.message, /\/nameId: applies to protocol saml2 only; protocol is oidc/);
    const spRole = loadError(write('rp-as-sp.yaml', RP.replace('role: rp', 'role: sp')));
    assert.match(
      spRole.message,
      /rp-as-sp\.yaml:2:1: \/role: role sp is not a role of protocol oidc \(its roles: rp, op\)/,
    );
    const oidcOnSp = loadError(
      write(
        'sp-oidc.yaml',
        `${SP}oidc: { client: { id: a, secret: b, tokenEndpointAuthMethod: client_secret_basic, redirectUris: [x] } }\n`,
      ),
    );
    assert.match(oidcOnSp.message, /\/oidc: applies to protocol oidc only; protocol is saml2/);
    // An rp profile relabelled op lacks what an OP needs and carries what only an RP has.
    const op = loadError(write('op.yaml', RP.replace('role: rp', 'role: op')));
    assert.match(op.message, /\/op: required property is missing \(role op needs it\)/);
    assert.match(op.message, /\/oidc: applies to role rp only; role is op/);
  });

  it('starts its login by redirect only, without SAML RelayState or CGI names', () => {
    const err = loadError(
      write(
        'rp-login.yaml',
        RP.replace("    redirect: '{base_url}/login'\n", "    post: '{base_url}/login'\n").concat(
          "  relayState: '/home'\n  echo: { selector: '#e', format: json, attributeNames: cgi }\n",
        ),
      ),
    );
    assert.match(
      err.message,
      /\/login\/start\/post: applies to role sp only: an RP sends the browser to the OP by redirect/,
    );
    assert.match(
      err.message,
      /\/login\/start\/redirect: required property is missing \(role rp starts its login by redirect\)/,
    );
    assert.match(err.message, /\/login\/relayState: applies to role sp only/);
    assert.match(err.message, /\/login\/echo\/attributeNames: applies to role sp only/);
  });

  it('rpLogout and logout go together; client URIs are checked templates', () => {
    const noLogout = loadError(
      write('rp-no-logout.yaml', RP.replace('exchange:', '  rpLogout: true\nexchange:')),
    );
    assert.match(
      noLogout.message,
      /rp-no-logout\.yaml:1:1: \/logout: required property is missing: oidc\.rpLogout is true/,
    );
    const logoutOnly = loadError(
      write('rp-logout-only.yaml', `${RP}logout: { start: '{base_url}/logout' }\n`),
    );
    assert.match(logoutOnly.message, /\/logout: set oidc\.rpLogout: true too/);
    const badUri = loadError(
      write(
        'rp-uri.yaml',
        RP.replace("redirectUris: ['{base_url}/oidc/callback']", "redirectUris: ['{base}/cb']"),
      ),
    );
    assert.match(
      badUri.message,
      /rp-uri\.yaml:\d+:\d+: \/oidc\/client\/redirectUris\/0: unknown placeholder \{base\}/,
    );
  });
});

describe('loading', () => {
  it('fills defaults and resolves metadata.file against the profile folder', () => {
    writeFileSync(join(WORK, 'sp-metadata.xml'), '<EntityDescriptor/>');
    const p = loadTargetProfile(
      write('with-file.yaml', SP.replace("url: '{base_url}/saml/metadata'", 'file: sp-metadata.xml')),
    );
    assert.equal(p.metadata?.file, join(WORK, 'sp-metadata.xml'));
    assert.deepEqual(p.exchange, { manual: true });
    assert.equal(p.capabilities.signedRequests, false);
    assert.equal(p.capabilities.encryptedAssertions, false);
  });
});

describe('errors', () => {
  it('wrong type names file, line and path', () => {
    const err = loadError(write('type.yaml', SP.replace('slo: false', 'slo: maybe')));
    assert.match(err.message, /type\.yaml:10:3: \/capabilities\/slo: must be boolean, not string/);
  });

  it('unknown property named', () => {
    const err = loadError(write('unknown.yaml', `${SP}loginn: {}\n`));
    assert.match(
      err.message,
      /unknown\.yaml:17:1: \/loginn: unknown property "loginn" \(did you mean "login"\?\)/,
    );
  });

  it('users of the wrong shape', () => {
    const err = loadError(write('users.yaml', SP.replace('role: sp', 'role: idp').concat('users: 3\n')));
    assert.match(err.message, /users\.yaml:17:1: \/users: must be array or object, not integer/);
    const err2 = loadError(
      write(
        'users2.yaml',
        SP.replace('role: sp', 'role: idp').concat('users:\n  - { username: a, email: a@b }\n'),
      ),
    );
    assert.match(err2.message, /users2\.yaml:18:5: \/users\/0\/password: required property is missing/);
    assert.doesNotMatch(err2.message, /must be object/);
  });

  it('role sp needs login', () => {
    const err = loadError(write('no-login.yaml', SP.slice(0, SP.indexOf('login:'))));
    assert.match(
      err.message,
      /no-login\.yaml:1:1: \/login: required property is missing \(role sp needs it\)/,
    );
  });

  it('role idp needs loginForm and users, and refuses sp-only parts', () => {
    const err = loadError(write('idp.yaml', SP.replace('role: sp', 'role: idp')));
    assert.match(err.message, /\/loginForm: required property is missing \(role idp needs it\)/);
    assert.match(err.message, /\/users: required property is missing \(role idp needs it\)/);
    assert.match(err.message, /idp\.yaml:12:1: \/login: applies to role sp only; role is idp/);
  });

  it('role idp names the attribute carrying the email, unless it is meant for Webex (uid)', () => {
    const IDP = `name: Some IdP
role: idp
protocol: saml2
baseUrl: https://idp.example.org
metadata: { url: '{base_url}/metadata' }
capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: [redirect] }
loginForm: { username: '#u', password: '#p', submit: '#s' }
users: [{ username: a, password: b, email: a@example.org }]
`;
    assert.equal(
      loadTargetProfile(write('idp-mail.yaml', `${IDP}emailAttribute: mail\n`)).emailAttribute,
      'mail',
    );
    const webex = loadTargetProfile(write('idp-webex.yaml', `${IDP}identityService: webex\n`));
    assert.equal(webex.identityService, 'webex');
    assert.equal(declares(webex, 'webexIdentityService'), true);
    const generic = loadTargetProfile(write('idp-generic.yaml', `${IDP}emailAttribute: mail\n`));
    assert.equal(declares(generic, 'webexIdentityService'), false);
    // IDP-ATTR-UID is the Webex rule: it applies to those profiles only.
    assert.equal(checkDef('IDP-ATTR-UID').appliesIf, 'webexIdentityService');
    for (const shipped of ['builtin-idp', 'simplesamlphp-idp'])
      assert.equal(loadTargetProfile(join(REPO, `targets/${shipped}.yaml`)).identityService, 'webex');
    assert.match(
      loadError(write('idp-none.yaml', IDP)).message,
      /idp-none\.yaml:1:1: \/emailAttribute: required property is missing: name the attribute carrying the email \(or declare identityService: webex, which uses uid\)/,
    );
    assert.match(
      loadError(write('idp-both.yaml', `${IDP}identityService: webex\nemailAttribute: mail\n`)).message,
      /\/emailAttribute: identityService webex reads the email from uid; leave emailAttribute out/,
    );
    assert.match(
      loadError(write('idp-service.yaml', `${IDP}identityService: okta\n`)).message,
      /\/identityService: must be one of "webex", not "okta"/,
    );
    assert.match(
      loadError(write('sp-email.yaml', `${SP}emailAttribute: mail\n`)).message,
      /\/emailAttribute: applies to role idp only; role is sp/,
    );
  });

  it('jit: a record page with selectors, at least one of create and update, role sp only', () => {
    const ok = loadTargetProfile(
      write(
        'jit.yaml',
        SP.concat(
          'jit:\n  create: true\n  record: { url: "{base_url}/me", firstName: "#f", lastName: "#l" }\n',
        ),
      ),
    );
    assert.deepEqual(ok.jit, {
      create: true,
      record: { url: '{base_url}/me', firstName: '#f', lastName: '#l' },
    });
    const neither = loadError(
      write('jit-neither.yaml', SP.concat('jit:\n  record: { firstName: "#f", lastName: "#l" }\n')),
    );
    assert.match(neither.message, /jit-neither\.yaml:\d+:\d+: \/jit: set create, update or both to true/);
    const noLast = loadError(
      write('jit-no-last.yaml', SP.concat('jit:\n  update: true\n  record: { firstName: "#f" }\n')),
    );
    assert.match(noLast.message, /\/jit\/record\/lastName: required property is missing/);
    const badVar = loadError(
      write(
        'jit-var.yaml',
        SP.concat('jit:\n  update: true\n  record: { url: "{home}/me", firstName: "#f", lastName: "#l" }\n'),
      ),
    );
    assert.match(badVar.message, /\/jit\/record\/url: unknown placeholder \{home\}/);
    const idp = loadError(
      write(
        'jit-idp.yaml',
        SP.replace('role: sp', 'role: idp').concat(
          'jit:\n  create: true\n  record: { firstName: "#f", lastName: "#l" }\n',
        ),
      ),
    );
    assert.match(idp.message, /\/jit: applies to role sp only; role is idp/);
    const groups = loadError(
      write(
        'jit-groups.yaml',
        SP.concat(
          'jit:\n  update: true\n  groups: additive\n  record: { firstName: "#f", lastName: "#l" }\n',
        ),
      ),
    );
    assert.match(groups.message, /\/jit\/record\/groups: required property is missing: jit\.groups is set/);
  });

  it('non-builtin needs baseUrl; builtin must not have one and must match the role', () => {
    const noBase = loadError(write('no-base.yaml', SP.replace('baseUrl: https://sp.example.org\n', '')));
    assert.match(noBase.message, /no-base\.yaml:1:1: \/baseUrl: required property is missing/);
    const both = loadError(
      write('both.yaml', SP.replace('protocol: saml2', 'protocol: saml2\nbuiltin: { simulator: idp }')),
    );
    assert.match(both.message, /both\.yaml:\d+:\d+: \/baseUrl: must not be set with builtin/);
    assert.match(both.message, /\/builtin\/simulator: the idp simulator plays role idp, but role is sp/);
  });

  it('metadata needs exactly one of url or file', () => {
    const both = loadError(
      write('md-both.yaml', SP.replace("  url: '{base_url}/saml/metadata'", '  url: x\n  file: y.xml')),
    );
    assert.match(both.message, /md-both\.yaml:5:1: \/metadata: set url or file, not both/);
    const none = loadError(write('md-none.yaml', SP.replace("  url: '{base_url}/saml/metadata'", '  {}')));
    assert.match(none.message, /\/metadata: set one of url or file/);
    const missing = loadError(
      write('md-missing.yaml', SP.replace("url: '{base_url}/saml/metadata'", 'file: gone.xml')),
    );
    assert.match(missing.message, /md-missing\.yaml:6:3: \/metadata\/file: file not found: .*gone\.xml/);
  });

  it('each listed binding needs a start URL', () => {
    const err = loadError(
      write('bindings.yaml', SP.replace('bindings: [redirect]', 'bindings: [redirect, post]')),
    );
    assert.match(
      err.message,
      /bindings\.yaml:13:3: \/login\/start\/post: required property is missing: capabilities\.bindings lists post/,
    );
  });

  it('slo needs logout; success needs url or text; url must be a regex', () => {
    const err = loadError(
      write(
        'slo.yaml',
        SP.replace('slo: false', 'slo: true').replace(
          "text: 'Welcome {firstName}'",
          "url: '^{base_url}/(home'",
        ),
      ),
    );
    assert.match(err.message, /\/logout: required property is missing: capabilities\.slo is true/);
    assert.match(
      err.message,
      /slo\.yaml:16:5: \/login\/success\/url: not a valid regular expression: Unterminated group/,
    );
    const empty = loadError(
      write('empty-success.yaml', SP.replace("    text: 'Welcome {firstName}'\n", '    {}\n')),
    );
    assert.match(empty.message, /\/login\/success: set url, text or both/);
  });

  it('exchange needs exactly one way', () => {
    const err = loadError(write('exchange.yaml', `${SP}exchange:\n  post: '{base_url}/x'\n  manual: true\n`));
    assert.match(
      err.message,
      /exchange\.yaml:17:1: \/exchange: set only one of post, command or manual: true/,
    );
  });

  it('unknown placeholder in a template', () => {
    const err = loadError(write('placeholder.yaml', SP.replace('{relay_state}', '{relaystate}')));
    assert.match(
      err.message,
      /placeholder\.yaml:14:5: \/login\/start\/redirect: unknown placeholder \{relaystate\}/,
    );
  });

  it('login.startForm: fields with user templates and a button; a wrong placeholder or no button is named', () => {
    const form = `  startForm:\n    fill: { "#email": "{email}", "input[name=who]": "{username}" }\n    submit: "#next"\n`;
    const ok = loadTargetProfile(write('start-form.yaml', SP.replace('  success:\n', `${form}  success:\n`)));
    assert.deepEqual(ok.login?.startForm, {
      fill: { '#email': '{email}', 'input[name=who]': '{username}' },
      submit: '#next',
    });
    const typo = loadError(
      write(
        'start-form-typo.yaml',
        SP.replace('  success:\n', `${form.replace('{email}', '{mail}')}  success:\n`),
      ),
    );
    assert.match(typo.message, /\/login\/startForm\/fill\/#email: unknown placeholder \{mail\}/);
    const noButton = loadError(
      write(
        'start-form-nobutton.yaml',
        SP.replace('  success:\n', '  startForm: { fill: { "#email": "{email}" } }\n  success:\n'),
      ),
    );
    assert.match(noButton.message, /\/login\/startForm\/submit: required property is missing/);
  });

  it('nameId: a known Format and source; random only for transient', () => {
    const ok = loadTargetProfile(
      write('nameid-ok.yaml', `${SP}nameId:\n  format: emailAddress\n  from: upn\n`),
    );
    assert.deepEqual(ok.nameId, { format: 'emailAddress', from: 'upn' });
    assert.match(
      loadError(write('nameid-format.yaml', `${SP}nameId:\n  format: email\n`)).message,
      /nameid-format\.yaml:\d+:\d+: \/nameId\/format: must be one of "transient", "persistent", "emailAddress", "unspecified", not "email"/,
    );
    assert.match(
      loadError(write('nameid-random.yaml', `${SP}nameId:\n  format: persistent\n  from: random\n`)).message,
      /\/nameId\/from: random gives a new value per assertion, which only a transient NameID may do \(format is persistent\)/,
    );
  });

  it('login.echo needs a known format, reads body by default; its url is a checked template', () => {
    const echo = (body: string) => `${SP}  echo:\n${body}`;
    const ok = loadTargetProfile(write('echo-ok.yaml', echo('    selector: "#echo"\n    format: json\n')));
    assert.deepEqual(ok.login?.echo, { selector: '#echo', format: 'json' });
    const body = loadTargetProfile(write('echo-body.yaml', echo('    format: json\n')));
    assert.deepEqual(body.login?.echo, { selector: 'body', format: 'json' });
    assert.match(
      loadError(write('echo-format.yaml', echo('    selector: "#echo"\n    format: xml\n'))).message,
      /echo-format\.yaml:\d+:\d+: \/login\/echo\/format: must be one of "json", "lines", "table", "regex", not "xml"/,
    );
    assert.match(
      loadError(write('echo-url.yaml', echo('    url: "{base}/echo"\n    selector: x\n    format: json\n')))
        .message,
      /\/login\/echo\/url: unknown placeholder \{base\}/,
    );
  });

  it('login.unsolicited: a RelayState and a signed-in page, checked templates, role sp only', () => {
    const u = (body: string) => `${SP}  unsolicited: ${body}\n`;
    const ok = loadTargetProfile(
      write(
        'unsol.yaml',
        u(
          '{ relayState: "/home?t={token}", signedIn: { url: "{base_url}/Shibboleth.sso/Session", text: "{email}" } }',
        ),
      ),
    );
    assert.deepEqual(ok.login?.unsolicited, {
      relayState: '/home?t={token}',
      signedIn: { url: '{base_url}/Shibboleth.sso/Session', text: '{email}' },
    });
    assert.match(
      loadError(write('unsol-text.yaml', u('{ signedIn: { url: "{base_url}/s" } }'))).message,
      /\/login\/unsolicited\/signedIn\/text: required property is missing/,
    );
    assert.match(
      loadError(write('unsol-var.yaml', u('{ relayState: "/home?t={tok}" }'))).message,
      /\/login\/unsolicited\/relayState: unknown placeholder \{tok\}/,
    );
    assert.match(
      loadError(write('unsol-extra.yaml', u('{ landing: "/" }'))).message,
      /\/login\/unsolicited\/landing: unknown property "landing" \(allowed here: relayState, signedIn\)/,
    );
  });

  it('login.echo shapes: lines, table and regex load with their options', () => {
    const echo = (body: string) => `${SP}  echo:\n${body}`;
    const lines = loadTargetProfile(
      write(
        'echo-lines.yaml',
        echo(
          '    url: "{base_url}/Shibboleth.sso/Session"\n    format: lines\n    delimiter: ": "\n    valueSeparator: ";"\n',
        ),
      ),
    );
    assert.deepEqual(lines.login?.echo, {
      url: '{base_url}/Shibboleth.sso/Session',
      selector: 'body',
      format: 'lines',
      delimiter: ': ',
      valueSeparator: ';',
    });
    const table = loadTargetProfile(
      write('echo-table.yaml', echo('    selector: "#attrs"\n    format: table\n    nameId: NameID\n')),
    );
    assert.equal(table.login?.echo?.nameId, 'NameID');
    const regex = loadTargetProfile(
      write(
        'echo-regex.yaml',
        echo('    format: regex\n    pattern: "^(?<name>[\\\\w.:-]+) is (?<value>.*)$"\n'),
      ),
    );
    assert.equal(regex.login?.echo?.pattern, '^(?<name>[\\w.:-]+) is (?<value>.*)$');
  });

  it('login.echo options are checked against the format, and a regex must compile with its groups', () => {
    const echo = (body: string) => `${SP}  echo:\n${body}`;
    assert.match(
      loadError(write('echo-no-pattern.yaml', echo('    format: regex\n'))).message,
      /echo-no-pattern\.yaml:\d+:\d+: \/login\/echo\/pattern: required property is missing: format is regex/,
    );
    assert.match(
      loadError(write('echo-bad-pattern.yaml', echo('    format: regex\n    pattern: "(?<name>x"\n')))
        .message,
      /\/login\/echo\/pattern: not a valid regular expression: /,
    );
    assert.match(
      loadError(write('echo-groups.yaml', echo('    format: regex\n    pattern: "(?<name>\\\\w+)=(.*)"\n')))
        .message,
      /\/login\/echo\/pattern: needs the named group\(s\) \(\?<value>…\)/,
    );
    assert.match(
      loadError(write('echo-delim.yaml', echo('    format: json\n    delimiter: ":"\n'))).message,
      /\/login\/echo\/delimiter: applies to format lines only; format is json/,
    );
    assert.match(
      loadError(
        write('echo-pattern-lines.yaml', echo('    format: lines\n    pattern: "(?<name>a)(?<value>b)"\n')),
      ).message,
      /\/login\/echo\/pattern: applies to format regex only; format is lines/,
    );
    assert.match(
      loadError(write('echo-nameid-json.yaml', echo('    format: json\n    nameId: NameID\n'))).message,
      /\/login\/echo\/nameId: applies to format lines, table, regex only; format is json/,
    );
    assert.match(
      loadError(write('echo-delim-empty.yaml', echo('    format: lines\n    delimiter: ""\n'))).message,
      /\/login\/echo\/delimiter: must NOT have fewer than 1 characters/,
    );
  });
});
