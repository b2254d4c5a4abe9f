import { readFile } from 'node:fs/promises';
import { fetchFailure } from '../../net/fetch-failure.ts';
import { type ParsedMetadata, parseMetadata } from '../../saml/metadata/parse-metadata.ts';
import { fillTemplate } from '../../target/template.ts';
import type { TargetProfile } from '../../target/types.ts';
import { roleIn, type SamlRole } from '../roles.ts';

/** The role descriptor a SAML target's metadata must have for the role its profile declares. */
const ROLE_DESCRIPTOR: Record<SamlRole, string> = { sp: 'SPSSODescriptor', idp: 'IDPSSODescriptor' };

/** The target's metadata as published: its metadata.file, or what its metadata.url (filled with `vars`) answers. */
async function metadataText(profile: TargetProfile, vars: Record<string, string>): Promise<string> {
  const { file, url: template } = profile.metadata ?? {};
  if (file) {
    return readFile(file, 'utf8').catch((e: Error) => {
      throw new Error(`${profile.file}: metadata.file ${file} cannot be read: ${e.message}`);
    });
  }
  if (!template) throw new Error(`${profile.file}: a saml2 profile needs metadata.url or metadata.file`);
  const url = fillTemplate(template, vars);
  const res = await fetch(url).catch((e: Error) => {
    throw new Error(`${profile.file}: metadata.url ${url} cannot be fetched: ${fetchFailure(e)}`);
  });
  if (!res.ok) throw new Error(`${profile.file}: metadata.url ${url} answered ${res.status}`);
  return res.text();
}

/**
 * Reads a SAML target's own metadata and checks it describes the role its profile declares (an SP
 * target's has an SPSSODescriptor, an IdP target's an IDPSSODescriptor). Every error names the profile.
 */
export async function readTargetMetadata(
  profile: TargetProfile,
  vars: Record<string, string>,
): Promise<ParsedMetadata> {
  const role = roleIn('saml2', profile.role);
  const md = parseMetadata(await metadataText(profile, vars), `${profile.file} metadata`);
  if (!md[role]) {
    throw new Error(`${profile.file}: role is ${role} but its metadata has no ${ROLE_DESCRIPTOR[role]}`);
  }
  return md;
}
