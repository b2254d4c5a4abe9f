import { createHash } from 'node:crypto';
import { templatePlaceholders } from '../target/template.ts';
import { generateDirectory } from './directory.ts';
import { byPosition, InputFileError, type InputIssue, pointer } from './input-error.ts';
import { scenarioValidator } from './scenario-validator.ts';
import { schemaIssues } from './schema-issues.ts';
import {
  type AttributeRule,
  NAME_ID_SOURCE,
  type NameIdFormat,
  SCENARIO_TEMPLATE_VARS,
  type Scenario,
  type ScenarioPaths,
  type ScenarioUser,
} from './types.ts';
import { vendorProfile } from './vendors/index.ts';
import { readYamlSource, type YamlSource } from './yaml-source.ts';

type Idp = Scenario['idp'];

/** What the schema admits: the Scenario shape with the defaulted parts optional. */
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
  users?: Array<
    Pick<ScenarioUser, 'username' | 'email' | 'firstName' | 'lastName'> &
      Partial<Omit<ScenarioUser, 'username' | 'email' | 'firstName' | 'lastName'>>
  >;
  directory?: Partial<Scenario['directory']>;
}

export const DIRECTORY_DEFAULTS: Scenario['directory'] = {
  seed: 1,
  count: 20,
  domain: 'example.com',
  password: 'Accord-Test-Pass-1',
  groups: [],
};

/** Reads, validates and completes one scenario file. Throws InputFileError listing every problem. */
export function loadScenario(file: string): Scenario {
  const source = readYamlSource(file);
  const issues = schemaIssues(scenarioValidator(), source);
  if (issues.length > 0) throw new InputFileError(issues);
  const input = source.data as ScenarioInput;
  const crossIssues = crossFieldIssues(input, source);
  if (crossIssues.length > 0) throw new InputFileError(crossIssues.sort(byPosition));
  return complete(input, file);
}

/**
 * Loads several scenarios; scenario ids must be unique across them. Throws one InputFileError
 * carrying the issues of every bad file.
 */
export function loadScenarios(files: readonly string[]): Scenario[] {
  const scenarios: Scenario[] = [];
  const issues: InputIssue[] = [];
  const byId = new Map<string, Scenario>();
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
  const directory: Scenario['directory'] = { ...DIRECTORY_DEFAULTS, ...input.directory };
  const explicit = (input.users ?? []).map(
    (u): ScenarioUser => ({
      ...u,
      password: u.password ?? directory.password,
      displayName: u.displayName ?? `${u.firstName} ${u.lastName}`,
      upn: u.upn ?? u.email,
      objectId: u.objectId ?? stableUuid(`${input.id}/${u.username}`),
      groups: u.groups ?? [],
    }),
  );
  const generated = generateDirectory(directory, {
    usernames: explicit.map((u) => u.username),
    emails: explicit.map((u) => u.email),
    employeeIds: explicit.flatMap((u) => (u.employeeId === undefined ? [] : [u.employeeId])),
  });

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
    users: [...explicit, ...generated],
    directory,
  };
}

function crossFieldIssues(input: ScenarioInput, source: YamlSource): InputIssue[] {
  const issues: InputIssue[] = [];
  const idp = input.idp;
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

  const usernames = new Map<string, number>();
  const emails = new Map<string, number>();
  (input.users ?? []).forEach((u, i) => {
    for (const [field, seen, value] of [
      ['username', usernames, u.username],
      ['email', emails, u.email],
    ] as const) {
      const first = seen.get(value.toLowerCase());
      if (first !== undefined) {
        issues.push(
          source.issue(
            pointer('users', i, field),
            `duplicate ${field} "${value}" (also at ${pointer('users', first)}; compared case-insensitively)`,
          ),
        );
      } else {
        seen.set(value.toLowerCase(), i);
      }
    }
  });

  return issues;
}

/** A UUID (version 5 layout) derived from a name, so an explicit user keeps its objectId across runs. */
function stableUuid(name: string): string {
  const bytes = createHash('sha1').update(`accord-user:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
