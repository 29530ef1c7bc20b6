/**
 * CPU time over a window of wall time, as a share of one core (1 is a core busy all the time): of this process, of
 * another one (the server, read from Linux's /proc), and of the whole machine; and how busy this process's event loop
 * was.
 */

import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Linux's /proc counts CPU time in ticks of 1/100 s (USER_HZ) on every architecture Node runs on. */
const millisecondsPerTick = 10;

/**
 * Starts measuring this process. Its CPU alone misses a process starved by others on a full machine: it gets little
 * CPU but runs late all the same, and its event loop is busy all the time.
 * @returns {() => {cpu: number, busy: number, milliseconds: number}} the share of one core used since, the share of the
 *   time the event loop was busy (running callbacks, or waiting for a core in one), and the CPU time used since
 */
export function ownLoad() {
  const since = process.cpuUsage();
  const loopSince = performance.eventLoopUtilization();
  const start = performance.now();
  return () => {
    const used = process.cpuUsage(since);
    const milliseconds = (used.user + used.system) / 1000;
    return {
      cpu: milliseconds / (performance.now() - start),
      busy: performance.eventLoopUtilization(loopSince).utilization,
      milliseconds,
    };
  };
}

/**
 * Starts measuring the process `pid`.
 * @returns {() => number | null} the share of one core it used since; null where /proc cannot tell
 */
export function processCpu(pid) {
  const since = readProcessCpu(pid);
  const start = performance.now();
  return () => {
    const now = readProcessCpu(pid);
    return since === null || now === null ? null : (now - since) / (performance.now() - start);
  };
}

/**
 * Starts measuring the machine.
 * @returns {() => number} the share of one core the machine used since, all processes together (at most its cores)
 */
export function machineCpu() {
  const since = machineTimes();
  return () => {
    const now = machineTimes();
    const total = now.total - since.total;
    return total > 0 ? ((now.total - now.idle - (since.total - since.idle)) / total) * os.cpus().length : 0;
  };
}

/**
 * The CPU time in a /proc/<pid>/stat line: user and system time, fields 14 and 15, counted after the command name,
 * which is in parentheses and may hold spaces.
 * @param {string} stat
 * @returns {number} milliseconds
 */
export function parseProcessStat(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (the state).
  return (Number(fields[11]) + Number(fields[12])) * millisecondsPerTick;
}

function readProcessCpu(pid) {
  try {
    return parseProcessStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

function machineTimes() {
  let total = 0;
  let idle = 0;
  for (const { times } of os.cpus()) {
    total += times.user + times.nice + times.sys + times.idle + times.irq;
    idle += times.idle;
  }

  return { total, idle };
}
