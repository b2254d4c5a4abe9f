import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  proc: ChildProcess;
  firstLine: string;
  stop(): Promise<void>;
}

/** Starts a process and waits for its first stdout line (simulators print their info JSON when listening). */
export function startChild(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(
        new Error(`${cmd} ${args.join(' ')} printed nothing within ${opts.timeoutMs ?? 20000} ms: ${stderr}`),
      );
    }, opts.timeoutMs ?? 20_000);
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (line) => {
      clearTimeout(timer);
      proc.stdout!.resume();
      resolve({
        proc,
        firstLine: line,
        stop: () =>
          new Promise<void>((res) => {
            if (proc.exitCode !== null) return res();
            proc.once('exit', () => res());
            proc.kill('SIGTERM');
            setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready: ${stderr}`));
    });
  });
}

export function tsxArgs(file: string, args: string[]): string[] {
  return ['--import', 'tsx', file, ...args];
}
