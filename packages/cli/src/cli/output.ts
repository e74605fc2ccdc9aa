/**
 * Where a command writes; injected so commands stay testable and never call process.exit.
 *
 * @example
 * const lines: string[] = [];
 * const io: Io = { out: (t) => lines.push(t), err: (t) => lines.push(t) };
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The process's own streams.
 *
 * @example
 * const code = await runCli(process.argv.slice(2), processIo);
 */
export const processIo: Io = {
  out: (text) => void writeStdout(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

// Kept before anything can redirect process.stdout, so the CLI's own output always reaches it.
const writeStdout: (text: string) => boolean = process.stdout.write.bind(process.stdout);

/**
 * Sends everything else written to stdout (handler logs, console.log) to stderr, so that with
 * `--json` stdout holds only the CLI's JSON and can be piped to `jq`.
 *
 * @example
 * if (json) reserveStdoutForJson();
 */
export function reserveStdoutForJson(): void {
  process.stdout.write = process.stderr.write.bind(process.stderr);
}

/**
 * JSON with BigInt and Error support, for `--json` output.
 *
 * @example
 * toJson({ error: new Error('x') }); // '{"error":{"name":"Error","message":"x"}}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error)
      return { name: v.name, message: v.message, ...(v.cause !== undefined ? { cause: String((v.cause as Error)?.message ?? v.cause) } : {}) };
    return v;
  });
}

/**
 * Lays out rows as aligned columns.
 *
 * @example
 * table([['kind', 'route'], ['record', 'Orders.created']]);
 */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The tail of a sequence number, enough to tell records of one batch apart in a table.
 *
 * @example
 * shortSequence('49590338271490256608559692538361571095921575989136588898'); // '…5989136588898'
 */
export function shortSequence(sequenceNumber: string): string {
  return sequenceNumber.length > 14 ? `…${sequenceNumber.slice(-13)}` : sequenceNumber;
}
