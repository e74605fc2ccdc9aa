/** Renders scenario results as the markdown that `npm run bench` prints and writes to `bench/results.md`. */
import type { Row, ScenarioResult } from './result';
import type { Summary } from './stats';

function number(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return '–';
  if (unit === 'x') return `${value.toFixed(2)}x`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toFixed(digits);
}

function spread(value: Summary, unit: Row['unit']): string {
  return value.n <= 1 ? '–' : `${number(value.p25, unit)}–${number(value.p75, unit)}`;
}

function unitLabel(row: Row): string {
  if (row.unit === 'ms') return row.clock === 'wall' ? 'wall ms' : 'CPU ms';
  return row.unit;
}

function table(rows: readonly Row[]): string {
  const hasWall = rows.some((row) => row.wall !== undefined);
  const hasRatio = rows.some((row) => row.ratio !== undefined);
  const hasNote = rows.some((row) => row.note !== undefined);
  const header = [
    'Peer',
    'Median',
    'p25–p75',
    ...(hasWall ? ['Wall ms (median)'] : []),
    ...(hasRatio ? ['Ratio, median [p25–p75]'] : []),
    ...(hasNote ? ['Note'] : []),
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [
      row.peer,
      `${number(row.value.median, row.unit)} ${unitLabel(row)}`,
      spread(row.value, row.unit),
      ...(hasWall ? [row.wall === undefined ? '' : number(row.wall.median, 'ms')] : []),
      ...(hasRatio
        ? [
            row.ratio === undefined
              ? ''
              : `${row.ratio.value.median.toFixed(2)}x ${row.ratio.to} [${row.ratio.value.p25.toFixed(2)}–${row.ratio.value.p75.toFixed(2)}]`,
          ]
        : []),
      ...(hasNote ? [row.note ?? ''] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The whole report: the machine, a table per scenario, then every target with met or missed. */
export function renderReport(results: readonly ScenarioResult[], machine: string[], failures: string[]): string {
  const out: string[] = [
    '# shardline benchmark results',
    '',
    'Written by `npm run bench`; how to read it: [BENCHMARKS.md](../BENCHMARKS.md).',
    '',
    ...machine.map((line) => `- ${line}`),
    '- Times are CPU ms of the process per batch unless marked wall. Ratios are taken round by round (each round runs every peer once, back to back) and summarised by their median and quartiles.',
    '',
  ];
  out.push('## Targets', '', '| Target | Measured | Met |', '| --- | --- | --- |');
  for (const result of results) {
    for (const target of result.targets) out.push(`| ${target.description} | ${target.measured} | ${target.met ? 'yes' : '**no**'} |`);
  }
  for (const failure of failures) out.push(`| ${failure} | failed to run | **no** |`);
  out.push('');
  for (const result of results) {
    out.push(`## ${result.id}. ${result.title}`, '', table(result.rows), '');
    for (const note of result.notes) out.push(`- ${note}`);
    if (result.notes.length > 0) out.push('');
  }
  return out.join('\n');
}
