import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDef, isCheckId, unknownCheck } from '../checks/catalog.ts';
import { PROTOCOL_ROLES, type Protocol, type Role } from '../protocol/roles.ts';
import { byPosition, InputFileError, type InputIssue, pointer } from '../scenario/input-error.ts';
import { lazyValidator, schemaIssues } from '../scenario/schema-issues.ts';
import { readYamlSource, type YamlSource } from '../scenario/yaml-source.ts';
import { escapeRegExp, fillTemplate, templatePlaceholders } from './template.ts';
import {
  type EchoFormat,
  type EchoPage,
  ROLLOVER_STEPS,
  TARGET_TEMPLATE_VARS,
  type TargetHook,
  type TargetProfile,
} from './types.ts';

type TargetInput = Omit<TargetProfile, 'file' | 'capabilities'> & {
  capabilities?: TargetProfile['capabilities'];
};

/** oidc profiles declare no SAML capabilities; code that reads them sees none. */
const NO_SAML_CAPABILITIES: TargetProfile['capabilities'] = {
  spInitiated: false,
  idpInitiated: false,
  slo: false,
  signedRequests: false,
  encryptedAssertions: false,
  bindings: [],
};

/** The parts of a profile that only some roles have: each applies to the roles listed. */
const ROLE_ONLY: Partial<Record<keyof TargetInput, readonly Role[]>> = {
  login: ['sp', 'rp'],
  logout: ['sp', 'rp'],
  jit: ['sp', 'rp'],
  routing: ['sp'],
  loginForm: ['idp', 'op'],
  users: ['idp', 'op'],
  idpInitiated: ['idp'],
  identityService: ['idp'],
  emailAttribute: ['idp'],
  oidc: ['rp'],
  metadataRefresh: ['sp'],
  keyRollover: ['sp', 'idp'],
  metadataTrust: ['sp'],
  op: ['op'],
};

/**
 * The roles each built-in simulator can play: the reference SP signs in with SAML IdPs and with
 * OpenID Connect IdPs (seed, "Integrate with OpenID Connect IdP"), so it is an RP target too.
 */
const BUILTIN_ROLES: Partial<Record<string, readonly Role[]>> = { sp: ['sp', 'rp'] };

/** The parts of a profile that only one protocol has. */
const PROTOCOL_ONLY: Partial<Record<keyof TargetInput, Protocol>> = {
  metadata: 'saml2',
  capabilities: 'saml2',
  nameId: 'saml2',
};

const validateTarget = lazyValidator(new URL('./target.schema.json', import.meta.url));

/**
 * Reads and validates a target profile. Templates stay raw (the harness fills them at run time);
 * metadata.file becomes an absolute path. Throws InputFileError listing every problem.
 */
export function loadTargetProfile(file: string): TargetProfile {
  const source = readYamlSource(file);
  const issues = schemaIssues(validateTarget(), source);
  if (issues.length > 0) throw new InputFileError(issues);
  const input = source.data as TargetInput;
  const metadataFile =
    input.metadata?.file === undefined ? undefined : resolve(dirname(file), input.metadata.file);
  const crossIssues = crossFieldIssues(input, source, metadataFile);
  if (crossIssues.length > 0) throw new InputFileError(crossIssues.sort(byPosition));

  const profile: TargetProfile = {
    file,
    ...input,
    exchange: input.exchange ?? { manual: true },
    capabilities: input.capabilities
      ? { signedRequests: false, encryptedAssertions: false, ...input.capabilities }
      : { ...NO_SAML_CAPABILITIES, bindings: [] },
  };
  const login = input.login;
  if (login?.echo)
    profile.login = { ...login, echo: { ...login.echo, selector: login.echo.selector ?? 'body' } };
  if (input.metadata)
    profile.metadata = metadataFile === undefined ? { ...input.metadata } : { file: metadataFile };
  return profile;
}

function crossFieldIssues(
  input: TargetInput,
  source: YamlSource,
  metadataFile: string | undefined,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: string, message: string) => issues.push(source.issue(path, message));
  const { role, protocol } = input;
  const roles: readonly Role[] = PROTOCOL_ROLES[protocol];
  if (!roles.includes(role)) {
    add('/role', `role ${role} is not a role of protocol ${protocol} (its roles: ${roles.join(', ')})`);
    return issues;
  }
  for (const [key, only] of Object.entries(PROTOCOL_ONLY) as Array<[keyof TargetInput, Protocol]>) {
    if (input[key] !== undefined && only !== protocol)
      add(pointer(key), `applies to protocol ${only} only; protocol is ${protocol}`);
  }
  for (const [key, only] of Object.entries(ROLE_ONLY) as Array<[keyof TargetInput, readonly Role[]]>) {
    if (input[key] === undefined || only.includes(role)) continue;
    const ofProtocol = only.filter((r) => roles.includes(r));
    add(
      pointer(key),
      ofProtocol.length > 0
        ? `applies to role ${ofProtocol.join(', ')} only; role is ${role}`
        : `applies to protocol ${protocolOfRoles(only)} only; protocol is ${protocol}`,
    );
  }

  for (const [path, hook] of hooks(input)) {
    if (hook.command === undefined) continue;
    for (const field of ['method', 'body'] as const)
      if (hook[field] !== undefined) add(`${path}/${field}`, 'applies to a url hook only, not to a command');
  }
  const refusal = input.metadataTrust?.upload.refusal;
  const refusalError = refusal === undefined ? undefined : regexError(refusal);
  if (refusalError) add('/metadataTrust/upload/refusal', `not a valid regular expression: ${refusalError}`);
  const remove = input.metadataTrust?.remove;
  if (remove) {
    const uses = [remove.url, remove.command, ...bodyStrings(remove.body)].some(
      (t) => t !== undefined && templatePlaceholders(t).includes('idp_entity_id'),
    );
    if (!uses)
      add(
        '/metadataTrust/remove',
        'name the IdP to remove with {idp_entity_id} (in url, body or command): without it every probe would remove the same one',
      );
  }

  if (input.builtin === undefined) {
    if (input.baseUrl === undefined)
      add('/baseUrl', 'required property is missing (only a builtin target may omit it)');
  } else {
    if (input.baseUrl !== undefined) {
      add('/baseUrl', 'must not be set with builtin: the built-in simulator provides {base_url}');
    }
    const plays = BUILTIN_ROLES[input.builtin.simulator] ?? [input.builtin.simulator];
    if (!plays.includes(role)) {
      add(
        '/builtin/simulator',
        `the ${input.builtin.simulator} simulator plays role ${plays.join(' or ')}, but role is ${role}`,
      );
    }
  }

  (input.knownFindings ?? []).forEach((k, i) => {
    if (!isCheckId(k.check)) add(`/knownFindings/${i}/check`, unknownCheck(k.check));
    else if (checkDef(k.check).role !== role)
      add(
        `/knownFindings/${i}/check`,
        `${k.check} judges a target of role ${checkDef(k.check).role}, not ${role}`,
      );
  });

  if (protocol === 'saml2') samlIssues(input, metadataFile, add);
  else oidcIssues(input, add);

  if (input.exchange !== undefined) {
    const ways = [
      input.exchange.post !== undefined,
      input.exchange.command !== undefined,
      input.exchange.manual === true,
    ].filter(Boolean).length;
    if (ways !== 1) {
      add(
        '/exchange',
        ways === 0
          ? 'set one of post, command or manual: true'
          : 'set only one of post, command or manual: true',
      );
    }
    if (input.metadataRefresh?.exchange && input.exchange.manual)
      add(
        '/metadataRefresh/exchange',
        'needs exchange.post or exchange.command: a manual exchange hands nothing',
      );
    const sso = input.exchange.ssoBindings;
    if (sso !== undefined) {
      if (role !== 'sp') {
        add('/exchange/ssoBindings', 'applies to role sp only: it shapes the IdP metadata an SP is given');
      } else {
        const missing = (input.capabilities?.bindings ?? []).filter((b) => !sso.includes(b));
        if (missing.length > 0) {
          add(
            '/exchange/ssoBindings',
            `capabilities.bindings lists ${missing.join(', ')}, which this IdP metadata would not offer, so the SP could not send an AuthnRequest that way`,
          );
        }
      }
    }
  }

  for (const [path, value] of templates(input)) {
    for (const name of templatePlaceholders(value)) {
      if (!(TARGET_TEMPLATE_VARS as readonly string[]).includes(name)) {
        add(
          path,
          `unknown placeholder {${name}} (known: ${TARGET_TEMPLATE_VARS.map((v) => `{${v}}`).join(', ')})`,
        );
      }
    }
  }
  return issues;
}

type Add = (path: string, message: string) => void;

/** Every hook of the profile (keyRollover steps, metadataTrust steps), with its JSON pointer. */
function hooks(input: TargetInput): Array<[string, TargetHook]> {
  const found: Array<[string, TargetHook]> = [];
  for (const step of ROLLOVER_STEPS) {
    const hook = input.keyRollover?.[step];
    if (hook) found.push([`/keyRollover/${step}`, hook]);
  }
  for (const step of ['anchor', 'remove', 'removeAnchor'] as const) {
    const hook = input.metadataTrust?.[step];
    if (hook) found.push([`/metadataTrust/${step}`, hook]);
  }
  return found;
}

/** The strings of a hook's JSON body, at any depth: each is a template. */
function bodyStrings(body: unknown): string[] {
  if (typeof body === 'string') return [body];
  if (body === null || typeof body !== 'object') return [];
  return Object.values(body).flatMap(bodyStrings);
}

/** The protocol whose roles are all in `roles` (for a part of the profile that only one protocol has). */
function protocolOfRoles(roles: readonly Role[]): string {
  const protocols = (Object.keys(PROTOCOL_ROLES) as Protocol[]).filter((p) =>
    roles.some((r) => (PROTOCOL_ROLES[p] as readonly Role[]).includes(r)),
  );
  return protocols.join(', ');
}

/** saml2: metadata, capabilities and what each role needs of them. */
function samlIssues(input: TargetInput, metadataFile: string | undefined, add: Add): void {
  const { role, capabilities } = input;
  if (input.metadata === undefined) {
    add('/metadata', 'required property is missing (protocol saml2 needs it)');
  } else {
    const { url, file } = input.metadata;
    if ((url === undefined) === (file === undefined)) {
      add('/metadata', url === undefined ? 'set one of url or file' : 'set url or file, not both');
    } else if (metadataFile !== undefined && !existsSync(metadataFile)) {
      add('/metadata/file', `file not found: ${metadataFile}`);
    }
  }
  if (capabilities === undefined) {
    add('/capabilities', 'required property is missing (protocol saml2 needs it)');
    return;
  }

  const nameId = input.nameId;
  if (nameId?.from === 'random' && nameId.format !== 'transient') {
    add(
      '/nameId/from',
      `random gives a new value per assertion, which only a transient NameID may do (format is ${nameId.format})`,
    );
  }

  if (role === 'sp') {
    if (input.login === undefined) {
      add('/login', 'required property is missing (role sp needs it)');
    } else {
      if (capabilities.spInitiated) {
        for (const binding of capabilities.bindings) {
          if (input.login.start[binding] === undefined) {
            add(
              pointer('login', 'start', binding),
              `required property is missing: capabilities.bindings lists ${binding}`,
            );
          }
        }
      }
      checkSuccess(input.login.success, '/login/success', add);
      if (input.login.echo) echoIssues(input.login.echo, add);
    }
    if (capabilities.slo && input.logout === undefined) {
      add('/logout', 'required property is missing: capabilities.slo is true');
    }
    if (input.logout?.success !== undefined) checkSuccess(input.logout.success, '/logout/success', add);
    if (input.jit && !input.jit.create && !input.jit.update)
      add('/jit', 'set create, update or both to true');
    if (input.jit?.groups !== undefined && input.jit.record.groups === undefined)
      add('/jit/record/groups', 'required property is missing: jit.groups is set');
  } else if (role === 'idp') {
    if (input.loginForm === undefined) add('/loginForm', 'required property is missing (role idp needs it)');
    if (input.users === undefined) add('/users', 'required property is missing (role idp needs it)');
    if (input.identityService === 'webex' && (input.emailAttribute ?? 'uid') !== 'uid')
      add('/emailAttribute', 'identityService webex reads the email from uid; leave emailAttribute out');
    if (input.identityService === undefined && input.emailAttribute === undefined)
      add(
        '/emailAttribute',
        'required property is missing: name the attribute carrying the email (or declare identityService: webex, which uses uid)',
      );
    if (capabilities.idpInitiated && input.idpInitiated === undefined) {
      add('/idpInitiated', 'required property is missing: capabilities.idpInitiated is true');
    }
  }
}

/** oidc, role op: where the OP is, a client for the flows, a login form and test users. */
function opIssues(input: TargetInput, add: Add): void {
  const op = input.op;
  if (op === undefined) add('/op', 'required property is missing (role op needs it)');
  else {
    if ((op.issuer === undefined) === (op.discoveryUrl === undefined))
      add(
        '/op',
        op.issuer === undefined
          ? 'set one of issuer or discoveryUrl'
          : 'set issuer or discoveryUrl, not both',
      );
    if (!op.clients.some((c) => c.tokenEndpointAuthMethod === 'client_secret_basic'))
      add(
        '/op/clients',
        'list a client_secret_basic client: it runs the flows (OIDC Core 9 makes it the default)',
      );
    clientIssues(input, add);
    if (op.capabilities?.rpLogout && op.postLogoutRedirectUri === undefined)
      add('/op/postLogoutRedirectUri', 'required property is missing: op.capabilities.rpLogout is true');
  }
  if (input.loginForm === undefined) add('/loginForm', 'required property is missing (role op needs it)');
  if (input.users === undefined) add('/users', 'required property is missing (role op needs it)');
}

/**
 * op.clients: with dynamic registration the OP issues every id and secret, so none is given and no
 * exchange registers them too; without it each client needs both.
 */
function clientIssues(input: TargetInput, add: Add): void {
  const op = input.op;
  if (!op) return;
  const dynamic = op.dynamicRegistration !== undefined;
  op.clients.forEach((c, i) => {
    for (const field of ['id', 'secret'] as const) {
      if (dynamic && c[field] !== undefined)
        add(`/op/clients/${i}/${field}`, 'leave it out: op.dynamicRegistration has the OP issue it');
      if (!dynamic && c[field] === undefined)
        add(`/op/clients/${i}/${field}`, 'required property is missing (or set op.dynamicRegistration)');
    }
  });
  if (dynamic && input.exchange !== undefined)
    add('/exchange', 'op.dynamicRegistration registers the clients: leave exchange out');
}

/** oidc, role rp: the client registration, a login started by redirect, and logout where declared. */
function oidcIssues(input: TargetInput, add: Add): void {
  if (input.role === 'op') {
    opIssues(input, add);
    return;
  }
  if (input.oidc === undefined) add('/oidc', 'required property is missing (role rp needs it)');
  const login = input.login;
  if (login === undefined) {
    add('/login', 'required property is missing (role rp needs it)');
  } else {
    if (login.start.post !== undefined)
      add('/login/start/post', 'applies to role sp only: an RP sends the browser to the OP by redirect');
    if (login.start.redirect === undefined)
      add('/login/start/redirect', 'required property is missing (role rp starts its login by redirect)');
    if (login.relayState !== undefined)
      add('/login/relayState', 'applies to role sp only: SAML RelayState has no OIDC counterpart here');
    if (login.unsolicited !== undefined)
      add('/login/unsolicited', 'applies to role sp only: an OP sends no unsolicited responses here');
    if (login.echo !== undefined && login.echo.format !== 'json')
      add('/login/echo/format', 'role rp reads a json echo only ({"sub": …, "claims": {…}})');
    if (login.echo?.attributeNames !== undefined)
      add(
        '/login/echo/attributeNames',
        'applies to role sp only: an RP echo names claims as the OP sent them',
      );
    checkSuccess(login.success, '/login/success', add);
  }
  if (input.oidc?.rpLogout && input.logout === undefined)
    add('/logout', 'required property is missing: oidc.rpLogout is true');
  if (input.logout !== undefined && !input.oidc?.rpLogout)
    add('/logout', 'set oidc.rpLogout: true too: logout.start is where RP-initiated logout begins');
  if (input.logout?.success !== undefined) checkSuccess(input.logout.success, '/logout/success', add);
}

/** The options of an SP echo that its format reads, and a regex that compiles with the groups it needs. */
function echoIssues(echo: EchoPage, add: Add): void {
  const only: Array<[keyof EchoPage, readonly EchoFormat[]]> = [
    ['delimiter', ['lines']],
    ['pattern', ['regex']],
    ['valueSeparator', ['lines', 'table', 'regex']],
    ['nameId', ['lines', 'table', 'regex']],
  ];
  for (const [key, formats] of only) {
    if (echo[key] !== undefined && !formats.includes(echo.format))
      add(`/login/echo/${key}`, `applies to format ${formats.join(', ')} only; format is ${echo.format}`);
  }
  if (echo.format !== 'regex') return;
  if (echo.pattern === undefined) {
    add('/login/echo/pattern', 'required property is missing: format is regex');
    return;
  }
  const invalid = regexError(echo.pattern, 'gm');
  if (invalid) {
    add('/login/echo/pattern', `not a valid regular expression: ${invalid}`);
    return;
  }
  const re = new RegExp(echo.pattern, 'gm');
  const groups = new RegExp(`${re.source}|`).exec('')?.groups ?? {};
  const missing = ['name', 'value'].filter((g) => !(g in groups));
  if (missing.length > 0)
    add('/login/echo/pattern', `needs the named group(s) ${missing.map((g) => `(?<${g}>…)`).join(' and ')}`);
}

/** Why `source` does not compile as a regular expression, or undefined when it does. */
function regexError(source: string, flags?: string): string | undefined {
  try {
    new RegExp(source, flags);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}

function checkSuccess(success: NonNullable<TargetProfile['login']>['success'], path: string, add: Add) {
  if (success.url === undefined && success.text === undefined) {
    add(path, 'set url, text or both');
    return;
  }
  if (success.url === undefined) return;
  const sample = Object.fromEntries(TARGET_TEMPLATE_VARS.map((v) => [v, `x-${v}`]));
  let source: string;
  try {
    source = fillTemplate(success.url, sample, escapeRegExp);
  } catch {
    return; // an unknown placeholder, reported with the profile's other templates
  }
  const invalid = regexError(source);
  if (invalid) add(`${path}/url`, `not a valid regular expression: ${invalid}`);
}

function templates(input: TargetInput): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const push = (path: string, value: string | undefined) => {
    if (value !== undefined) found.push([path, value]);
  };
  push('/metadata/url', input.metadata?.url);
  push('/exchange/post', input.exchange?.post);
  push('/exchange/command', input.exchange?.command);
  push('/metadataRefresh/command', input.metadataRefresh?.command);
  for (const [path, hook] of hooks(input)) {
    push(`${path}/url`, hook.url);
    push(`${path}/command`, hook.command);
    for (const value of bodyStrings(hook.body)) push(`${path}/body`, value);
  }
  push('/metadataTrust/upload/post', input.metadataTrust?.upload.post);
  push('/metadataTrust/upload/command', input.metadataTrust?.upload.command);
  push('/login/start/redirect', input.login?.start.redirect);
  push('/login/start/post', input.login?.start.post);
  for (const [selector, value] of Object.entries(input.login?.startForm?.fill ?? {}))
    push(`/login/startForm/fill/${selector.replace(/~/g, '~0').replace(/\//g, '~1')}`, value);
  push('/login/success/url', input.login?.success.url);
  push('/login/success/text', input.login?.success.text);
  push('/login/relayState', input.login?.relayState);
  push('/login/echo/url', input.login?.echo?.url);
  push('/login/unsolicited/relayState', input.login?.unsolicited?.relayState);
  push('/login/unsolicited/signedIn/url', input.login?.unsolicited?.signedIn?.url);
  push('/login/unsolicited/signedIn/text', input.login?.unsolicited?.signedIn?.text);
  push('/jit/record/url', input.jit?.record.url);
  push('/logout/start', input.logout?.start);
  push('/logout/success/url', input.logout?.success?.url);
  push('/logout/success/text', input.logout?.success?.text);
  if (input.users !== undefined && !Array.isArray(input.users)) push('/users/url', input.users.url);
  push('/idpInitiated/start', input.idpInitiated?.start);
  push('/op/issuer', input.op?.issuer);
  push('/op/discoveryUrl', input.op?.discoveryUrl);
  push('/op/redirectUri', input.op?.redirectUri);
  push('/op/postLogoutRedirectUri', input.op?.postLogoutRedirectUri);
  const client = input.oidc?.client;
  for (const list of ['redirectUris', 'postLogoutRedirectUris'] as const) {
    for (const [i, uri] of (client?.[list] ?? []).entries()) push(`/oidc/client/${list}/${i}`, uri);
  }
  push('/oidc/client/backchannelLogoutUri', client?.backchannelLogoutUri);
  return found;
}
