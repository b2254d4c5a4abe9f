import { readFileSync } from 'node:fs';

/*
 * CPU seconds a process has used so far (all its threads), from /proc: with other work on the
 * machine, Responses per CPU-second say what a core does, where Responses per wall second say
 * how much of a core the process happened to get.
 */

const TICKS_PER_SECOND = 100;

/** user + system CPU time of the process in seconds, or undefined where /proc is not there. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
