/** One thing wrong with an input file (scenario or target profile). */
export interface InputIssue {
  file: string;
  /** 1-based; absent when the problem is the file as a whole (missing, unreadable). */
  line?: number;
  column?: number;
  /** JSON pointer of the offending value, `''` for the whole document. */
  jsonPath: string;
  message: string;
}

/** `scenarios/adfs.yaml:12:5: /idp/signing/response: must be boolean` */
export function formatIssue(issue: InputIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  const path = issue.jsonPath === '' ? '' : `${issue.jsonPath}: `;
  return `${where}: ${path}${issue.message}`;
}

/**
 * A scenario or target profile that cannot be used. The message lists every issue, one per line;
 * `file`, `line`, `column` and `jsonPath` describe the first one.
 */
export class InputFileError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly jsonPath: string;
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    if (issues.length === 0) throw new TypeError('InputFileError needs at least one issue');
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputFileError';
    const [first] = issues;
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.jsonPath = first.jsonPath;
    this.issues = issues;
  }

  static of(file: string, message: string, where: Partial<Omit<InputIssue, 'file' | 'message'>> = {}) {
    return new InputFileError([{ file, jsonPath: '', ...where, message }]);
  }
}

/** Orders issues of one file as they appear in it; issues without a position come first. */
export function byPosition(a: InputIssue, b: InputIssue): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => `/${escapePointerSegment(String(s))}`).join('');
}
