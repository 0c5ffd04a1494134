// Compact times for dense lists: "now", "12m", "3h", "Yesterday", "Mon", "Mar 4", "Mar 4, 2023".

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const ago = now - at;
  if (ago < MINUTE) return 'now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}m`;
  const then = new Date(at);
  const today = new Date(now);
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  if (at >= startOfToday) return `${Math.floor(ago / HOUR)}h`;
  if (at >= startOfToday - DAY) return 'Yesterday';
  if (at >= startOfToday - 6 * DAY) return then.toLocaleDateString(undefined, { weekday: 'short' });
  if (then.getFullYear() === today.getFullYear()) return then.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return then.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function fullTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
