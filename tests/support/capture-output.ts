/**
 * What the process writes while `act` runs: Powertools Logger (and the EMF writer, and the default JSON
 * logger) write to the process streams, so tests read those. Both streams by default: Powertools writes
 * warnings and errors to stderr, everything else to stdout.
 */
export interface CapturedOutput<T> {
  /** What `act` returned. */
  readonly result: T;
  /** Every write, joined. */
  readonly text: string;
  /** The non-blank lines. */
  readonly lines: string[];
}

export async function captureOutput<T>(
  act: () => Promise<T> | T,
  streams: ReadonlyArray<'stdout' | 'stderr'> = ['stdout', 'stderr'],
): Promise<CapturedOutput<T>> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const spies = streams.map((name) => jest.spyOn(process[name], 'write').mockImplementation(capture));
  let result: T;
  try {
    result = await act();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  const text = chunks.join('');
  return { result, text, lines: text.split('\n').filter((line) => line.trim() !== '') };
}
