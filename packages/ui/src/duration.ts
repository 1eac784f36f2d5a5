/**
 * How long something lasted, as a clock reads it: `m:ss`, or `h:mm:ss` from an hour on, in Western digits. The
 * default of the `duration` label; a translation can use its own digits or words (`Intl.NumberFormat`).
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
