import { readFileSync } from 'node:fs';
import type { Role } from '../protocol/roles.ts';
import { MANIFEST_ENV } from './plan.ts';

/** Where everything of one project lives at run time; written by the harness, read by the suites. */
export interface ProjectRuntime {
  name: string;
  target: string;
  targetFile: string;
  role: Role;
  scenario: string;
  /** Fills `{base_url}` in the target profile. */
  targetBaseUrl: string;
  /** The name the target goes by in its descriptor (SAML: the entityID of its metadata). */
  targetEntityId: string;
  /** The simulator that plays the other side of the agreement (role: counterpartOf(role)). */
  counterpart: { role: Role; url: string; entityId: string };
  /** Every simulator whose trace belongs to this project's flows (the counterpart, and a built-in target). */
  simulators: string[];
  /** A routing scenario's IdPs besides the counterpart, by entry name (an OIDC one's entityId is its issuer). */
  routingIdps?: Array<{ name: string; kind: 'saml' | 'oidc'; url: string; entityId: string }>;
}

export interface RunManifest {
  startedAt: string;
  projects: Record<string, ProjectRuntime>;
}

export function readManifest(file = process.env[MANIFEST_ENV]): RunManifest {
  if (!file)
    throw new Error(
      `${MANIFEST_ENV} is not set: start the run with \`accord run\` or \`npx playwright test\``,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
}
