import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExchangeCommand } from '../protocol/exchange.ts';
import type { ScenarioUser } from '../scenario/types.ts';
import { fillTemplate } from '../target/template.ts';
import type { TargetProfile } from '../target/types.ts';
import type { RoutingRule } from './rules.ts';

/** A routing hook of a profile: a JSON document PUT to a URL, or written to a file handed to a command. */
interface Hook {
  put?: string;
  command?: string;
}

/**
 * Hands `document` to the target the way `how` says: PUT as JSON to the URL, or written to a file
 * named to the command as `{<fileVar>}` and `$<envVar>`. A refusal is an error naming the profile
 * field (`field`) and the answer.
 */
async function handDocument(
  profile: TargetProfile,
  vars: Record<string, string>,
  field: string,
  how: Hook,
  document: unknown,
  names: { fileVar: string; envVar: string },
): Promise<void> {
  const body = JSON.stringify(document);
  if (how.put) {
    const url = fillTemplate(how.put, vars);
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    }).catch((e: Error) => {
      throw new Error(`${profile.file}: ${field}.put ${url} cannot be reached: ${e.message}`);
    });
    if (!res.ok)
      throw new Error(
        `${profile.file}: ${field}.put ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'accord-routing-')), `${names.fileVar}.json`);
  writeFileSync(file, body);
  await runExchangeCommand(profile, fillTemplate(how.command!, { ...vars, [names.fileVar]: file }), {
    [names.envVar]: file,
  });
}

/**
 * Sets a target's routing rules the way its profile says (routing.rules): the document
 * `{ "rules": [...] }` PUT as JSON to a URL, or written to a file handed to a command
 * ({rules_file}, $ACCORD_ROUTING_RULES).
 */
export async function applyRules(
  profile: TargetProfile,
  vars: Record<string, string>,
  rules: readonly RoutingRule[],
): Promise<void> {
  const how = profile.routing?.rules;
  if (!how) throw new Error(`${profile.file}: declares no routing.rules`);
  await handDocument(
    profile,
    vars,
    'routing.rules',
    how,
    { rules },
    {
      fileVar: 'rules_file',
      envVar: 'ACCORD_ROUTING_RULES',
    },
  );
}

/**
 * Sets the users of the target's built-in identity IdP (routing.builtinIdp.users): the document
 * `{ "users": [{ email, password, firstName, lastName, displayName, groups }] }`, PUT or handed to a
 * command ({users_file}, $ACCORD_IDENTITY_USERS).
 */
export async function applyIdentityUsers(
  profile: TargetProfile,
  vars: Record<string, string>,
  users: readonly ScenarioUser[],
): Promise<void> {
  const how = profile.routing?.builtinIdp?.users;
  if (!how) throw new Error(`${profile.file}: declares no routing.builtinIdp.users`);
  const document = {
    users: users.map(({ email, password, firstName, lastName, displayName, groups }) => ({
      email,
      password,
      firstName,
      lastName,
      displayName,
      groups,
    })),
  };
  await handDocument(profile, vars, 'routing.builtinIdp.users', how, document, {
    fileVar: 'users_file',
    envVar: 'ACCORD_IDENTITY_USERS',
  });
}
