/** `3725` -> `1h02m05s`, `65` -> `1m05s`, `7` -> `7s`; `null` -> `?`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) {
    return '?';
  }
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) {
    return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`;
  }
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}
