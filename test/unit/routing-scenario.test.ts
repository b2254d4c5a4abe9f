import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandProjects } from '../../lib/run/projects.ts';
import { InputFileError, loadSamlScenario } from '../../lib/scenario/index.ts';

const SHIPPED = 'scenarios/multi-idp-routing.yaml';

test('the shipped routing scenario lists its IdPs, resolves the other scenario beside it, and keeps its rules', () => {
  const s = loadSamlScenario(SHIPPED);
  assert.deepEqual(
    s.routing?.idps.map((e) => [e.name, e.kind, e.scenarioFile]),
    [
      ['entra', 'saml', undefined],
      ['ping', 'saml', join('scenarios', 'ping.yaml')],
      ['acquired', 'oidc', join('scenarios', 'generic-oidc.yaml')],
      ['identity', 'builtin', undefined],
    ],
  );
  // The built-in IdP's users are completed as a scenario's directory users are, passwords included.
  const identity = s.routing?.idps.find((e) => e.kind === 'builtin');
  assert.equal(identity?.users?.length, 2);
  assert.ok(
    identity?.users?.every(
      (u) => u.email.endsWith('@staff.example.net') && u.password === 'Identity-Directory-1',
    ),
  );
  // The acquired company's OP plays generic-oidc with a directory of its own in place of its users.
  const acquired = s.routing?.idps.find((e) => e.name === 'acquired');
  assert.equal(acquired?.users?.length, 2);
  assert.ok(acquired?.users?.every((u) => u.email.endsWith('@fabrikam.test')));
  assert.equal(acquired?.directory?.count, 2);
  assert.deepEqual(
    s.routing?.rules.map((r) => [r.name, r.idp, r.priority, r.active, r.default]),
    [
      ['Contoso', 'entra', 1, true, undefined],
      ['Webex Users', 'ping', 2, true, undefined],
      ['Acquired', 'acquired', 3, true, undefined],
      ['Default', 'identity', undefined, true, true],
    ],
  );
});

/** The issues loading the shipped scenario, edited by `edit`, gives, beside the scenarios it names (`beside`). */
function issuesOf(edit: (yaml: string) => string, beside: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'accord-routing-'));
  for (const id of beside) copyFileSync(`scenarios/${id}.yaml`, join(dir, `${id}.yaml`));
  const file = join(dir, 'multi-idp-routing.yaml');
  writeFileSync(file, edit(readFileSync(SHIPPED, 'utf8')));
  try {
    loadSamlScenario(file);
  } catch (e) {
    assert.ok(e instanceof InputFileError);
    return e.issues.map((i) => `${i.jsonPath}: ${i.message}`);
  }
  assert.fail('the edited scenario loaded');
}

test('a routing scenario with an unknown IdP, a duplicate priority and two defaults is refused, each fault at its line', () => {
  const messages = issuesOf(
    (yaml) =>
      yaml
        .replace('idp: ping\n      priority: 2', 'idp: okta\n      priority: 1')
        .replace(
          '    - name: Default\n',
          '    - { name: Second default, default: true, idp: entra }\n    - name: Default\n',
        ),
    ['ping', 'generic-oidc'],
  );
  assert.ok(
    messages.includes('/routing/rules/1/idp: rule "Webex Users" names an unknown IdP "okta"'),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('/routing/rules/1/priority: priority 1 is already held by rule 0')),
  );
  assert.ok(
    messages.includes('/routing/rules: exactly one rule must be the default rule (default: true), found 2'),
  );
});

test("an oidc entry names an oidc scenario, and the scenario's own IdP lists no users of its own: each fault named at its field", () => {
  const messages = issuesOf(
    (yaml) =>
      yaml
        .replace('{ name: ping, kind: saml, scenario: ping }', '{ name: ping, kind: oidc, scenario: ping }')
        .replace(
          '    - name: acquired\n      kind: oidc\n      scenario: generic-oidc\n',
          '    - name: acquired\n      kind: oidc\n',
        )
        .replace('{ name: entra, kind: saml }', '{ name: entra, kind: saml, users: [] }'),
    ['ping'],
  );
  for (const expected of [
    '/routing/idps/1/scenario: kind oidc needs a scenario of protocol oidc; ping.yaml is protocol saml2',
    '/routing/idps/2/scenario: kind oidc names the oidc scenario whose OP it is',
    "/routing/idps/0/users: the scenario's own IdP takes its users from this scenario's users and directory",
  ])
    assert.ok(messages.includes(expected), `${expected}\n--- got:\n${messages.join('\n')}`);
});

test('only SP targets play a routing scenario', () => {
  const projects = expandProjects({
    targets: ['targets/reference-sp.yaml', 'targets/builtin-idp.yaml'],
    scenarios: [SHIPPED, 'scenarios/ping.yaml'],
    flows: [],
    outDir: 'reports/out',
  });
  assert.deepEqual(
    projects.map((p) => [p.name, p.routing]),
    [
      ['reference-sp·multi-idp-routing', true],
      ['reference-sp·ping', undefined],
      ['builtin-idp·ping', undefined],
    ],
  );
});
