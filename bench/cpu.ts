/**
 * CPU time of the whole process in milliseconds (user + system). `process.cpuUsage()` counts
 * every thread of the process, so worker threads are included.
 */
export function cpuTimeMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
