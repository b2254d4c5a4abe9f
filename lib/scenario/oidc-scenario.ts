import { templatePlaceholders } from '../target/template.ts';
import { type InputIssue, pointer } from './input-error.ts';
import { completeUsers, type UserInput, userIssues } from './scenario-users.ts';
import { OIDC_PATH_DEFAULTS, type OidcScenario, SCENARIO_TEMPLATE_VARS, type Scenario } from './types.ts';
import type { YamlSource } from './yaml-source.ts';

type Op = OidcScenario['op'];

/** What the schema admits for `protocol: oidc`: the OidcScenario shape with the defaulted parts optional. */
export interface OidcScenarioInput {
  id: string;
  title: string;
  description?: string;
  protocol: 'oidc';
  vendor: string;
  op: Pick<Op, 'issuer'> &
    Partial<Omit<Op, 'issuer' | 'paths' | 'keys'>> & {
      paths?: Partial<Op['paths']>;
      keys?: Partial<Op['keys']>;
    };
  idp?: unknown;
  users?: UserInput[];
  directory?: Partial<Scenario['directory']>;
}

export function oidcCrossFieldIssues(input: OidcScenarioInput, source: YamlSource): InputIssue[] {
  const issues: InputIssue[] = [];
  if (input.idp !== undefined) {
    issues.push(
      source.issue('/idp', 'an oidc scenario describes its provider under op; idp is for saml2 scenarios'),
    );
  }
  const known = SCENARIO_TEMPLATE_VARS.map((v) => `{${v}}`).join(', ');
  for (const name of templatePlaceholders(input.op.issuer)) {
    const at = pointer('op', 'issuer');
    if (!(SCENARIO_TEMPLATE_VARS as readonly string[]).includes(name)) {
      issues.push(source.issue(at, `unknown placeholder {${name}} (known: ${known})`));
    } else if (name === 'tenant_id' && input.op.tenantId === undefined) {
      issues.push(source.issue(at, 'uses {tenant_id} but op.tenantId is not set'));
    }
  }
  const paths = { ...OIDC_PATH_DEFAULTS, ...input.op.paths };
  const byPath = new Map<string, string>();
  for (const [name, path] of Object.entries(paths)) {
    const other = byPath.get(path);
    if (other !== undefined) {
      issues.push(source.issue(pointer('op', 'paths', name), `${path} is already the ${other} path`));
    } else {
      byPath.set(path, name);
    }
  }
  issues.push(...userIssues(input.users, source));
  return issues;
}

export function completeOidcScenario(input: OidcScenarioInput, file: string): OidcScenario {
  const op = input.op;
  return {
    file,
    id: input.id,
    title: input.title,
    description: input.description ?? '',
    protocol: 'oidc',
    vendor: input.vendor,
    op: {
      issuer: op.issuer,
      ...(op.tenantId === undefined ? {} : { tenantId: op.tenantId }),
      paths: { ...OIDC_PATH_DEFAULTS, ...op.paths },
      claims: op.claims ?? 'standard',
      ...(op.groupsLimit === undefined ? {} : { groupsLimit: op.groupsLimit }),
      keys: { kid: 'thumbprint', certificates: false, ...op.keys },
      idTokenLifetimeSeconds: op.idTokenLifetimeSeconds ?? 3600,
      accessTokenLifetimeSeconds: op.accessTokenLifetimeSeconds ?? 3600,
      dynamicRegistration: op.dynamicRegistration ?? true,
    },
    ...completeUsers(input.id, input.users, input.directory),
  };
}
