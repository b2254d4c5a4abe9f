import { templatePlaceholders } from '../target/template.ts';
import { byPosition, InputFileError, type InputIssue, pointer } from './input-error.ts';
import { completeOidcScenario, type OidcScenarioInput, oidcCrossFieldIssues } from './oidc-scenario.ts';
import { completeRouting, type RoutingInput, routingIssues } from './routing-scenario.ts';
import { completeUsers, type UserInput, userIssues } from './scenario-users.ts';
import { scenarioValidator } from './scenario-validator.ts';
import { schemaIssues } from './schema-issues.ts';
import {
  type AnyScenario,
  type AttributeRule,
  NAME_ID_SOURCE,
  type NameIdFormat,
  type OidcScenario,
  SCENARIO_TEMPLATE_VARS,
  type Scenario,
  type ScenarioPaths,
} from './types.ts';
import { vendorProfile } from './vendors/index.ts';
import { readYamlSource, type YamlSource } from './yaml-source.ts';

type Idp = Scenario['idp'];

export { DIRECTORY_DEFAULTS } from './scenario-users.ts';

/** What the schema admits for `protocol: saml2`: the Scenario shape with the defaulted parts optional. */
interface ScenarioInput {
  id: string;
  title: string;
  description?: string;
  protocol: 'saml2';
  vendor: string;
  idp: {
    entityId: string;
    tenantId?: string;
    paths?: Partial<ScenarioPaths>;
    metadata?: Partial<Idp['metadata']>;
    signing?: Partial<Idp['signing']>;
    nameId?: { format: NameIdFormat } & Partial<Omit<Idp['nameId'], 'format'>>;
    attributes?: AttributeRule[];
    assertionLifetimeSeconds?: number;
    notBeforeSkewSeconds?: number;
    sessionNotOnOrAfterSeconds?: number;
    authnContextClassRef?: string;
    idpInitiated?: boolean;
  };
  op?: unknown;
  users?: UserInput[];
  directory?: Partial<Scenario['directory']>;
  routing?: RoutingInput;
}

/**
 * Reads, validates and completes one scenario file, SAML or OIDC (told apart by `protocol`).
 * Throws InputFileError listing every problem.
 */
export function loadScenario(file: string): AnyScenario {
  const source = readYamlSource(file);
  const issues = schemaIssues(scenarioValidator(), source);
  if (issues.length > 0) throw new InputFileError(issues);
  const input = source.data as ScenarioInput | OidcScenarioInput;
  const crossIssues =
    input.protocol === 'oidc' ? oidcCrossFieldIssues(input, source) : crossFieldIssues(input, source, file);
  if (crossIssues.length > 0) throw new InputFileError(crossIssues.sort(byPosition));
  return input.protocol === 'oidc' ? completeOidcScenario(input, file) : complete(input, file);
}

function ofProtocol<P extends AnyScenario['protocol']>(file: string, protocol: P) {
  const s = loadScenario(file);
  if (s.protocol !== protocol) {
    throw new InputFileError([
      readYamlSource(file).issue(
        '/protocol',
        `${protocol === 'oidc' ? 'an' : 'a'} ${protocol} scenario is needed here, this one is ${s.protocol}`,
      ),
    ]);
  }
  return s as Extract<AnyScenario, { protocol: P }>;
}

/** A scenario that must be SAML 2.0 (an IdP simulator's); an OIDC one is an error at /protocol. */
export function loadSamlScenario(file: string): Scenario {
  return ofProtocol(file, 'saml2');
}

/** A scenario that must be OpenID Connect (an OP simulator's); a SAML one is an error at /protocol. */
export function loadOidcScenario(file: string): OidcScenario {
  return ofProtocol(file, 'oidc');
}

/**
 * Loads several scenarios; scenario ids must be unique across them. Throws one InputFileError
 * carrying the issues of every bad file.
 */
export function loadScenarios(files: readonly string[]): AnyScenario[] {
  const scenarios: AnyScenario[] = [];
  const issues: InputIssue[] = [];
  const byId = new Map<string, AnyScenario>();
  for (const file of files) {
    try {
      const scenario = loadScenario(file);
      const other = byId.get(scenario.id);
      if (other) {
        const source = readYamlSource(file);
        issues.push(source.issue('/id', `scenario id "${scenario.id}" is already used by ${other.file}`));
        continue;
      }
      byId.set(scenario.id, scenario);
      scenarios.push(scenario);
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (issues.length > 0) throw new InputFileError(issues);
  return scenarios;
}

function complete(input: ScenarioInput, file: string): Scenario {
  const idp = input.idp;
  const nameIdFormat = idp.nameId?.format ?? 'transient';

  return {
    file,
    id: input.id,
    title: input.title,
    description: input.description ?? '',
    protocol: input.protocol,
    vendor: input.vendor,
    idp: {
      entityId: idp.entityId,
      ...(idp.tenantId === undefined ? {} : { tenantId: idp.tenantId }),
      paths: { ...vendorProfile(input.vendor).paths, ...idp.paths },
      metadata: { signed: true, withId: true, wsFedRoleDescriptors: false, ...idp.metadata },
      signing: {
        response: false,
        assertion: true,
        signatureAlgorithm: 'rsa-sha256',
        digestAlgorithm: 'sha256',
        ...idp.signing,
      },
      nameId: {
        nameQualifier: false,
        spNameQualifier: false,
        ...idp.nameId,
        format: nameIdFormat,
        from: idp.nameId?.from ?? NAME_ID_SOURCE[nameIdFormat],
      },
      attributes: idp.attributes ?? [],
      assertionLifetimeSeconds: idp.assertionLifetimeSeconds ?? 300,
      notBeforeSkewSeconds: idp.notBeforeSkewSeconds ?? 0,
      ...(idp.sessionNotOnOrAfterSeconds === undefined
        ? {}
        : { sessionNotOnOrAfterSeconds: idp.sessionNotOnOrAfterSeconds }),
      authnContextClassRef:
        idp.authnContextClassRef ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
      idpInitiated: idp.idpInitiated ?? true,
    },
    ...completeUsers(input.id, input.users, input.directory),
    ...(input.routing ? { routing: completeRouting(input.routing, file) } : {}),
  };
}

function crossFieldIssues(input: ScenarioInput, source: YamlSource, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  if (input.routing) issues.push(...routingIssues(input.routing, file, source));
  const idp = input.idp;
  if (input.op !== undefined) {
    issues.push(
      source.issue('/op', 'a saml2 scenario describes its IdP under idp; op is for oidc scenarios'),
    );
  }
  const known = SCENARIO_TEMPLATE_VARS.map((v) => `{${v}}`).join(', ');
  const templated: Array<[string, string]> = [[pointer('idp', 'entityId'), idp.entityId]];
  for (const [name, value] of Object.entries(idp.paths ?? {})) {
    templated.push([pointer('idp', 'paths', name), value]);
  }
  (idp.attributes ?? []).forEach((a, i) => {
    if (a.value !== undefined) templated.push([pointer('idp', 'attributes', i, 'value'), a.value]);
  });
  for (const [path, value] of templated) {
    for (const name of templatePlaceholders(value)) {
      if (!(SCENARIO_TEMPLATE_VARS as readonly string[]).includes(name)) {
        issues.push(source.issue(path, `unknown placeholder {${name}} (known: ${known})`));
      } else if (name === 'tenant_id' && idp.tenantId === undefined) {
        issues.push(source.issue(path, 'uses {tenant_id} but idp.tenantId is not set'));
      }
    }
  }
  const defaultPaths = Object.entries(vendorProfile(input.vendor).paths).filter(
    ([name]) => idp.paths?.[name as keyof ScenarioPaths] === undefined,
  );
  if (idp.tenantId === undefined && defaultPaths.some(([, value]) => value.includes('{tenant_id}'))) {
    issues.push(
      source.issue(
        pointer('idp', 'tenantId'),
        `required property is missing: the ${input.vendor} default paths use {tenant_id}`,
      ),
    );
  }

  const nameId = idp.nameId;
  if (nameId?.from === 'random' && nameId.format !== 'transient') {
    issues.push(
      source.issue(
        pointer('idp', 'nameId', 'from'),
        `random gives a new value per assertion, which only a transient NameID may do (format is ${nameId.format})`,
      ),
    );
  }

  const attributeNames = new Map<string, number>();
  (idp.attributes ?? []).forEach((a, i) => {
    const at = pointer('idp', 'attributes', i);
    if ((a.from === undefined) === (a.value === undefined)) {
      issues.push(
        source.issue(
          at,
          a.from === undefined
            ? `attribute "${a.name}" needs "from" (a user field) or "value" (a constant)`
            : `attribute "${a.name}" sets both "from" and "value"; keep one`,
        ),
      );
    }
    if (a.from === 'tenantId' && idp.tenantId === undefined) {
      issues.push(source.issue(`${at}/from`, 'reads tenantId but idp.tenantId is not set'));
    }
    const first = attributeNames.get(a.name);
    if (first !== undefined) {
      issues.push(
        source.issue(
          `${at}/name`,
          `duplicate attribute "${a.name}" (also at ${pointer('idp', 'attributes', first)})`,
        ),
      );
    } else {
      attributeNames.set(a.name, i);
    }
  });

  issues.push(...userIssues(input.users, source));
  return issues;
}
