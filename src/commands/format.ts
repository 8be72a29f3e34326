import type { Output } from '../core/output.js';

/** Prints rows as aligned columns under a header. */
export function printTable(out: Output, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  out.line(line(header));
  for (const row of rows) out.line(line(row));
}

export function printJson(out: Output, value: unknown): void {
  out.line(JSON.stringify(value, null, 2));
}

/** `--format json` or the default text form. */
export function wantsJson(flags: Record<string, string | boolean>): boolean {
  return flags.format === 'json';
}

/** Dokku's report shape: a heading, then aligned `field: value` lines. */
export function printReport(out: Output, heading: string, fields: Record<string, unknown>): void {
  out.heading(heading);
  const width = Math.max(20, ...Object.keys(fields).map((k) => k.length + 2));
  for (const [k, v] of Object.entries(fields)) out.line(`       ${`${k}:`.padEnd(width)}${Array.isArray(v) ? v.join(' ') : String(v ?? '')}`);
}
