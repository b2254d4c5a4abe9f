import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExchangeCommand } from '../protocol/exchange.ts';
import { fillTemplate } from '../target/template.ts';
import type { TargetProfile } from '../target/types.ts';
import type { RoutingRule } from './rules.ts';

/**
 * Sets a target's routing rules the way its profile says (routing.rules): the document
 * `{ "rules": [...] }` PUT as JSON to a URL, or written to a file handed to a command
 * ({rules_file}, $ACCORD_ROUTING_RULES). A refusal is an error naming the profile and the answer.
 */
export async function applyRules(
  profile: TargetProfile,
  vars: Record<string, string>,
  rules: readonly RoutingRule[],
): Promise<void> {
  const how = profile.routing?.rules;
  if (!how) throw new Error(`${profile.file}: declares no routing.rules`);
  const body = JSON.stringify({ rules });
  if (how.put) {
    const url = fillTemplate(how.put, vars);
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    }).catch((e: Error) => {
      throw new Error(`${profile.file}: routing.rules.put ${url} cannot be reached: ${e.message}`);
    });
    if (!res.ok)
      throw new Error(
        `${profile.file}: routing.rules.put ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    return;
  }
  const file = join(mkdtempSync(join(tmpdir(), 'accord-rules-')), 'rules.json');
  writeFileSync(file, body);
  await runExchangeCommand(profile, fillTemplate(how.command!, { ...vars, rules_file: file }), {
    ACCORD_ROUTING_RULES: file,
  });
}
