import { gunzipSync, gzipSync } from 'node:zlib';

/*
 * A POSIX ustar archive of regular files, gzip-compressed: all a certification package needs, and
 * every tar (GNU, bsdtar, 7-Zip) reads it. Entries are written in the given order with a fixed
 * mtime and owner, so the same files give the same bytes.
 */

export interface TarEntry {
  /** Relative path with '/' separators. */
  path: string;
  data: Buffer;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** ustar keeps a path of up to 255 bytes as prefix (155) + '/' + name (100). */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`tar: path too long for a ustar archive: ${path}`);
}

function header(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(path);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export function writeTarGz(entries: readonly TarEntry[], mtime = new Date()): Buffer {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (!e.path || e.path.startsWith('/') || e.path.split('/').includes('..'))
      throw new Error(`tar: refusing the path "${e.path}" (absolute or leaving the archive)`);
    parts.push(header(e.path, e.data.length, seconds), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

function field(h: Buffer, start: number, length: number): string {
  const raw = h.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/**
 * Reads the regular files of a .tar.gz; throws an error saying what is wrong with the archive.
 * Anything but a regular file (links, devices) is refused: a package holds files only.
 */
export function readTarGz(gz: Buffer, maxBytes = 512 * 1024 * 1024): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new Error(`not a gzip-compressed archive (${(e as Error).message})`);
  }
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (Number.parseInt(field(h, 148, 8).trim(), 8) !== sum)
      throw new Error(`not a tar archive: the header at byte ${at} has a wrong checksum`);
    const name = field(h, 0, 100);
    const prefix = field(h, 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    if (type !== '0') throw new Error(`the archive holds "${path}", which is not a regular file`);
    if (!Number.isSafeInteger(size) || at + BLOCK + size > tar.length)
      throw new Error(`the archive is cut short inside "${path}"`);
    entries.push({ path, data: Buffer.from(tar.subarray(at + BLOCK, at + BLOCK + size)) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
