// CPU time of this process, for the tests' no-hang bounds: unlike wall time, other processes on a busy
// 2-core machine do not stretch it, so a bound catches a hang or a quadratic step and nothing else.
// (Speed itself is measured by `npm run bench`, not by tests.)
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
