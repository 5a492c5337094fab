/**
 * Is the process that left something behind (a lock row, a temp file, a ledger run) still running?
 * Shared by the writer lock, the run ledger and the atomic-file cleanup.
 */

/** True when a process with this PID exists (signal 0 probes without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
