import { readFileSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { InputFileError, type InputIssue } from './input-error.ts';

export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed YAML (or JSON) input file that can say where a JSON pointer sits in the text. */
export interface YamlSource {
  file: string;
  data: unknown;
  /**
   * Position of the key (or sequence item) the pointer names; when the pointer goes past what the
   * document holds, the position of the deepest part that exists.
   */
  locate(jsonPath: string): SourcePosition;
  issue(jsonPath: string, message: string): InputIssue;
}

const MAX_BYTES = 4 * 1024 * 1024;

export function readYamlSource(file: string): YamlSource {
  const text = readText(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    const firstPerOffset = doc.errors.filter(
      (err, i, all) => all.findIndex((e) => e.pos[0] === err.pos[0]) === i,
    );
    throw new InputFileError(
      firstPerOffset.map((err) => ({
        file,
        ...at(err.pos[0]),
        jsonPath: '',
        message: `YAML syntax: ${err.message}`,
      })),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw InputFileError.of(file, `YAML: ${(err as Error).message}`);
  }

  const locate = (jsonPath: string): SourcePosition => {
    const segments = jsonPath === '' ? [] : jsonPath.slice(1).split('/').map(unescapeSegment);
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of segments) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === segment);
        if (pair === undefined) break;
        offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = /^\d+$/.test(segment) ? node.items[Number(segment)] : undefined;
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return at(offset);
  };

  return {
    file,
    data,
    locate,
    issue: (jsonPath, message) => ({ file, ...locate(jsonPath), jsonPath, message }),
  };
}

function readText(file: string): string {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw InputFileError.of(file, 'file not found');
    if (code === 'EISDIR') throw InputFileError.of(file, 'is a directory, not a YAML file');
    throw InputFileError.of(file, `cannot read: ${(err as Error).message}`);
  }
  if (buffer.length > MAX_BYTES) {
    throw InputFileError.of(file, `file is ${buffer.length} bytes; input files are limited to ${MAX_BYTES}`);
  }
  return buffer.toString('utf8');
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}
