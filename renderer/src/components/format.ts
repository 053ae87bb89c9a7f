// Numbers as a classroom reads them.
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function formatMinutes(seconds: number): string {
  return String(Math.max(1, Math.round(seconds / 60)));
}

/** Learning hours: 2, 0.75, 1.25, 1.5 — quarters, never a run of digits. */
export function formatHours(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}
