import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** `accord sim …` in the background; `waitFor` resolves with the first output line that matches. */
export class SimProcess {
  readonly child: ChildProcess;
  private out = '';
  private readonly waiters: { re: RegExp; done: (m: RegExpExecArray) => void }[] = [];

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [join(ROOT, 'bin/accord.js'), 'sim', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const read = (chunk: Buffer) => {
      this.out += chunk.toString('utf8');
      for (const w of [...this.waiters]) {
        const m = w.re.exec(this.out);
        if (m) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.done(m);
        }
      }
    };
    this.child.stdout?.on('data', read);
    this.child.stderr?.on('data', read);
  }

  get output(): string {
    return this.out;
  }

  waitFor(re: RegExp, timeoutMs = 180_000): Promise<RegExpExecArray> {
    const m = re.exec(this.out);
    if (m) return Promise.resolve(m);
    return new Promise((resolveMatch, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${re} within ${timeoutMs} ms; output:\n${this.out}`)),
        timeoutMs,
      );
      this.child.once('exit', (code) =>
        reject(new Error(`accord sim exited ${code} before printing ${re}; output:\n${this.out}`)),
      );
      this.waiters.push({
        re,
        done: (match) => {
          clearTimeout(timer);
          resolveMatch(match);
        },
      });
    });
  }

  /** Ctrl-C, as a person stops it; resolves with the exit code. */
  stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((done) => {
      this.child.once('exit', (code) => done(code));
      this.child.kill('SIGINT');
    });
  }
}
