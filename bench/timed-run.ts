import { spawnSync } from 'node:child_process';
import { busyShare, machineCpu } from './machine-cpu.ts';

export interface TimedRun {
  seconds: number;
  exitCode: number;
  /** Share of all cores the machine was busy during the run (undefined off Linux). */
  busy?: number;
  /** Core-seconds the whole machine spent busy during the run (undefined off Linux). */
  coreSeconds?: number;
}

/** Runs a command to its end, silently, with its wall time and what the whole machine spent on it. */
export function timedRun(args: string[], env: NodeJS.ProcessEnv = {}): TimedRun {
  const cpu0 = machineCpu();
  const t0 = performance.now();
  const res = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = machineCpu();
  return {
    seconds,
    exitCode: res.status ?? -1,
    busy: busyShare(cpu0, cpu1),
    coreSeconds: cpu0 && cpu1 ? cpu1.busy - cpu0.busy : undefined,
  };
}
