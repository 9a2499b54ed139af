import type { Figures } from './measure.ts';

export interface Row {
  name: string;
  figures?: Figures;
  /** Free text for figures that are not req/s (sizes, deliveries/s…). */
  value?: string;
  ratio?: number;
  target?: string;
  ok?: boolean;
}

/** Prints rows as an aligned table; returns false when any row missed its target. */
export function printTable(title: string, rows: Row[]): boolean {
  const lines = rows.map((row) => [
    row.name,
    row.figures ? `${Math.round(row.figures.rps).toLocaleString('en-US')} req/s` : (row.value ?? ''),
    row.figures ? `p50 ${row.figures.p50} ms  p99 ${row.figures.p99} ms` : '',
    row.ratio !== undefined ? `${row.ratio}×` : '',
    row.target ? `${row.target} ${row.ok === false ? 'MISSED' : 'ok'}` : '',
  ]);
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  console.log(`\n${title}`);
  for (const line of lines) console.log(`  ${line.map((cell, column) => cell.padEnd(widths[column])).join('   ')}`);
  return rows.every((row) => row.ok !== false);
}
