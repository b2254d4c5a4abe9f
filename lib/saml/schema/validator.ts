import { readFileSync } from 'node:fs';
import { runXmllint, type XmllintFile as XMLFileInfo } from './warm-xmllint.ts';

/*
 * xmllint runs in one warm worker (warm-xmllint.ts), but each run still compiles the schemas,
 * while validating one more document in the same run costs little. Documents are therefore
 * queued for a short window and validated together; each keeps its own verdict.
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

/** How long a document may wait for companions before its batch is sent. */
export const BATCH_WINDOW_MS = 5;
const MAX_BATCH_DOCS = 64;
const MAX_BATCH_BYTES = 2 * 1024 * 1024;
const MAX_IN_FLIGHT = 2;
/** 64 MiB of wasm memory: enough for a full batch; reserving more costs time on every run. */
const MAX_MEMORY_PAGES = 1024;

let schemaFiles: { schema: XMLFileInfo; preload: XMLFileInfo[] } | undefined;

function schemas() {
  if (!schemaFiles) {
    const load = (name: string): XMLFileInfo => ({
      fileName: name,
      contents: readFileSync(new URL(name, XSD_DIR), 'utf8'),
    });
    schemaFiles = { schema: load(MAIN_SCHEMA), preload: PRELOADED.map(load) };
  }
  return schemaFiles;
}

interface Pending {
  xml: string;
  resolve: (r: SchemaResult) => void;
}

const queue: Pending[] = [];
let timer: NodeJS.Timeout | undefined;
let inFlight = 0;
let fileSeq = 0;

/**
 * Validates a SAML protocol message (or a bare assertion) against the SAML 2.0 protocol and
 * assertion schemas. Never rejects: a validator failure is reported as an invalid result.
 */
export function validateSamlXml(xml: string): Promise<SchemaResult> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return Promise.resolve({ valid: false, errors: ['DOCTYPE/ENTITY declarations are refused'] });
  }
  return new Promise((resolve) => {
    queue.push({ xml, resolve });
    schedule();
  });
}

function schedule(): void {
  if (queue.length === 0 || inFlight >= MAX_IN_FLIGHT) return;
  if (queue.length >= MAX_BATCH_DOCS) {
    if (timer) clearTimeout(timer);
    timer = undefined;
    void flush();
    return;
  }
  timer ??= setTimeout(() => {
    timer = undefined;
    void flush();
  }, BATCH_WINDOW_MS);
}

function takeBatch(): Pending[] {
  const batch: Pending[] = [];
  let bytes = 0;
  while (queue.length > 0 && batch.length < MAX_BATCH_DOCS) {
    const size = Buffer.byteLength(queue[0].xml, 'utf8');
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    bytes += size;
    batch.push(queue.shift()!);
  }
  return batch;
}

async function flush(): Promise<void> {
  if (inFlight >= MAX_IN_FLIGHT) return;
  const batch = takeBatch();
  if (batch.length === 0) return;
  inFlight++;
  try {
    const results = await validateBatch(batch.map((p) => p.xml));
    batch.forEach((p, i) => {
      p.resolve(results[i]);
    });
  } finally {
    inFlight--;
    schedule();
  }
}

async function validateBatch(docs: string[]): Promise<SchemaResult[]> {
  const names = docs.map(() => `doc-${++fileSeq}.xml`);
  const { schema, preload } = schemas();
  const files = [...docs.map((contents, i) => ({ fileName: names[i], contents })), schema, ...preload];
  const out = await runXmllint(files, ['--schema', schema.fileName, '--noout', ...names], MAX_MEMORY_PAGES);
  // Exit 0: all valid; 3/4: validation errors, reported per file; anything else: a document is not
  // even well-formed, and one bad document must not cost the others their verdict.
  if (out.exitCode === 0 || out.exitCode === 3 || out.exitCode === 4) {
    return names.map((name) => resultFor(name, out.stderr));
  }
  if (docs.length > 1) return Promise.all(docs.map((d) => validateBatch([d]).then((r) => r[0])));
  const msg = out.stderr
    .split('\n')
    .map((l) => stripFileName(l, names[0]))
    .find((l) => l.trim() !== '');
  return [{ valid: false, errors: [msg ?? 'xmllint could not process the document'] }];
}

function stripFileName(line: string, name: string): string {
  return line.startsWith(`${name}:`)
    ? line.slice(name.length + 1).replace(/^\d+:\s*/, `line ${lineNo(line, name)}: `)
    : line;
}

function lineNo(line: string, name: string): string {
  return /^(\d+):/.exec(line.slice(name.length + 1))?.[1] ?? '?';
}

function resultFor(name: string, rawOutput: string): SchemaResult {
  const lines = rawOutput.split('\n');
  if (lines.includes(`${name} validates`)) return { valid: true, errors: [] };
  const errors = lines.filter((l) => l.startsWith(`${name}:`)).map((l) => stripFileName(l, name));
  return { valid: false, errors: errors.length > 0 ? errors : ['the document fails to validate'] };
}

/** Compiles xmllint's wasm tiers ahead of the first real message, so the first login is not the slow one. */
export async function warmUpSchemaValidator(): Promise<void> {
  await validateSamlXml(
    '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_w" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>',
  );
}
