import { createHash } from 'node:crypto';
import { generateDirectory } from './directory.ts';
import { type InputIssue, pointer } from './input-error.ts';
import type { Scenario, ScenarioUser } from './types.ts';
import type { YamlSource } from './yaml-source.ts';

/** Users as a scenario file writes them: the four required fields, the rest defaulted. */
export type UserInput = Pick<ScenarioUser, 'username' | 'email' | 'firstName' | 'lastName'> &
  Partial<Omit<ScenarioUser, 'username' | 'email' | 'firstName' | 'lastName'>>;

export const DIRECTORY_DEFAULTS: Scenario['directory'] = {
  seed: 1,
  count: 20,
  domain: 'example.com',
  password: 'Accord-Test-Pass-1',
  groups: [],
};

/** The explicit users completed, then the generated directory users: every scenario's directory model. */
export function completeUsers(
  scenarioId: string,
  users: readonly UserInput[] | undefined,
  directoryInput: Partial<Scenario['directory']> | undefined,
): { users: ScenarioUser[]; directory: Scenario['directory'] } {
  const directory: Scenario['directory'] = { ...DIRECTORY_DEFAULTS, ...directoryInput };
  const explicit = (users ?? []).map(
    (u): ScenarioUser => ({
      ...u,
      password: u.password ?? directory.password,
      displayName: u.displayName ?? `${u.firstName} ${u.lastName}`,
      upn: u.upn ?? u.email,
      objectId: u.objectId ?? stableUuid(`${scenarioId}/${u.username}`),
      groups: u.groups ?? [],
    }),
  );
  const generated = generateDirectory(directory, {
    usernames: explicit.map((u) => u.username),
    emails: explicit.map((u) => u.email),
    employeeIds: explicit.flatMap((u) => (u.employeeId === undefined ? [] : [u.employeeId])),
  });
  return { users: [...explicit, ...generated], directory };
}

/** Usernames and emails are unique, compared case-insensitively. */
export function userIssues(users: readonly UserInput[] | undefined, source: YamlSource): InputIssue[] {
  const issues: InputIssue[] = [];
  const usernames = new Map<string, number>();
  const emails = new Map<string, number>();
  (users ?? []).forEach((u, i) => {
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
