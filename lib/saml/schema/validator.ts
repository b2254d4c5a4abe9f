import { readFileSync } from 'node:fs';
import { buildLogoutResponse } from '../logout/build-logout-response.ts';
import { StreamingXmllint, type XmllintFile } from './streaming-xmllint.ts';

/*
 * xmllint validates in one warm worker, in a run that stays open between documents
 * (streaming-xmllint.ts): the schemas are compiled once per few hundred documents, and each
 * document is answered as soon as it is validated, with no batching window.
 */

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

const XSD_DIR = new URL('./xsd/', import.meta.url);
const MAIN_SCHEMA = 'saml-schema-protocol-2.0.xsd';
const PRELOADED = [
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'XMLSchema.dtd',
  'datatypes.dtd',
];
/** 64 MiB of wasm memory: a document at the size cap validates in far less. */
const MAX_MEMORY_PAGES = 1024;

let xmllint: StreamingXmllint | undefined;

function validator(): StreamingXmllint {
  if (!xmllint) {
    const load = (name: string): XmllintFile => ({
      fileName: name,
      contents: readFileSync(new URL(name, XSD_DIR), 'utf8'),
    });
    xmllint = new StreamingXmllint({
      schema: load(MAIN_SCHEMA),
      preload: PRELOADED.map(load),
      maxPages: MAX_MEMORY_PAGES,
    });
  }
  return xmllint;
}

/**
 * Validates a SAML protocol message (or a bare assertion) against the SAML 2.0 protocol and
 * assertion schemas. Never rejects: a validator failure is reported as an invalid result.
 */
export async function validateSamlXml(xml: string): Promise<SchemaResult> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return { valid: false, errors: ['DOCTYPE/ENTITY declarations are refused'] };
  }
  const { name, lines } = await validator().validate(xml);
  return resultFor(name, lines);
}

function stripFileName(line: string, name: string): string {
  return line.startsWith(`${name}:`)
    ? line.slice(name.length + 1).replace(/^\d+:\s*/, `line ${lineNo(line, name)}: `)
    : line;
}

function lineNo(line: string, name: string): string {
  return /^(\d+):/.exec(line.slice(name.length + 1))?.[1] ?? '?';
}

function resultFor(name: string, lines: string[]): SchemaResult {
  if (lines.includes(`${name} validates`)) return { valid: true, errors: [] };
  const errors = lines.filter((l) => l.startsWith(`${name}:`)).map((l) => stripFileName(l, name));
  if (errors.length > 0) return { valid: false, errors };
  // Not even well-formed, or the validator itself failed: its first words say why.
  const first = lines.find((l) => l.trim() !== '' && l !== `${name} fails to validate`);
  return { valid: false, errors: [first ?? 'the document fails to validate'] };
}

/** Compiles xmllint's wasm tiers ahead of the first real message, so the first login is not the slow one. */
export async function warmUpSchemaValidator(): Promise<void> {
  const { xml } = buildLogoutResponse({
    id: '_w',
    issueInstant: new Date('2026-01-01T00:00:00Z'),
    destination: 'https://sp.accord.test/slo',
    issuer: 'https://idp.accord.test',
    inResponseTo: '_r',
  });
  await validateSamlXml(xml);
}
