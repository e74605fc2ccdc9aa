/**
 * The body of the memory probes: read the event from a file and parse it (what the Lambda runtime
 * does before the handler runs), note the RSS, run the handler once, and print the peak RSS of the
 * whole process (`maxRSS`, the high-water mark Lambda's "Max Memory Used" reports).
 */
import { readFileSync } from 'node:fs';

export function runMemoryProbe(
  handler: (event: never) => Promise<unknown>,
  expectedRecords: (event: { Records: unknown[] }) => number,
  handled: () => number,
): void {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: node <probe>.js <event.json>');
  let text: string | undefined = readFileSync(path, 'utf8');
  const event = JSON.parse(text) as { Records: unknown[] };
  text = undefined;
  const rssBefore = process.memoryUsage().rss;
  handler(event as never).then(
    (response) => {
      const failures = (response as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures?.length ?? 0;
      if (handled() !== expectedRecords(event) || failures !== 0) throw new Error(`handled ${handled()} of ${expectedRecords(event)}, ${failures} failures`);
      process.stdout.write(
        JSON.stringify({ maxRssMB: (process.resourceUsage().maxRSS * 1024) / 2 ** 20, rssBeforeMB: rssBefore / 2 ** 20, records: event.Records.length }),
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
