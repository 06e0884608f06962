const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units, the same figures the web app shows: 999 B, 1.50 kB, 50.0 MB, 1.07 GB. */
export function bytes(count: number): string {
  const unit = count < 1000 ? 0 : Math.min(UNITS.length - 1, Math.floor(Math.log10(count) / 3));
  const value = count / 1000 ** unit;
  const digits = unit === 0 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** 45 s, 3:07, 1:02:03. */
export function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const parts = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const [, m, s] = parts.map((n) => String(n).padStart(2, '0'));
  return parts[0]! > 0 ? `${parts[0]}:${m}:${s}` : `${parts[1]}:${s}`;
}
