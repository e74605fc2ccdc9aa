import type { GeneratedRecord } from './generate-orders';

/** One put record with the sequence number Kinesis gave it. */
export interface PutRecord extends GeneratedRecord {
  sequenceNumber: string;
}

/** What the demo proves. */
export interface AuditResult {
  /** Valid events written at least once. */
  written: number;
  /** Writes beyond the first of an event: deliveries that at-least-once allows. */
  duplicates: number;
  /** Invalid records quarantined at least once. */
  quarantined: number;
  /** Valid events never written plus invalid records never quarantined. Must be 0. */
  lost: number;
  /** Events of one customer whose first write came before an earlier event's. Must be 0. */
  orderViolations: number;
}

/**
 * Compares what was put with what the handler wrote.
 *
 * @example
 * const result = audit(put, table.writes, table.quarantined);
 * result.lost; // 0
 */
export function audit(
  put: ReadonlyArray<PutRecord>,
  writes: ReadonlyArray<{ orderId: string; customerId: string; status: 'created' | 'cancelled' }>,
  quarantined: ReadonlyArray<{ sequenceNumber: string }>,
): AuditResult {
  const firstWrite = new Map<string, number>();
  writes.forEach((write, position) => {
    const eventId = `${write.status}:${write.orderId}`;
    if (!firstWrite.has(eventId)) firstWrite.set(eventId, position);
  });
  const quarantinedSeqs = new Set(quarantined.map((q) => q.sequenceNumber));
  const valid = put.filter((record) => record.eventId !== undefined);
  const invalid = put.filter((record) => record.eventId === undefined);
  const lost =
    valid.filter((record) => !firstWrite.has(record.eventId!)).length + invalid.filter((record) => !quarantinedSeqs.has(record.sequenceNumber)).length;

  // Kinesis orders a key's records by sequence number; first writes must follow that order.
  const byCustomer = new Map<string, PutRecord[]>();
  for (const record of valid) byCustomer.set(record.partitionKey, [...(byCustomer.get(record.partitionKey) ?? []), record]);
  let orderViolations = 0;
  for (const records of byCustomer.values()) {
    records.sort((a, b) => (BigInt(a.sequenceNumber) < BigInt(b.sequenceNumber) ? -1 : 1));
    let previous = -1;
    for (const record of records) {
      const position = firstWrite.get(record.eventId!);
      if (position === undefined) continue;
      if (position < previous) orderViolations++;
      previous = Math.max(previous, position);
    }
  }
  return {
    written: firstWrite.size,
    duplicates: writes.length - firstWrite.size,
    quarantined: invalid.filter((record) => quarantinedSeqs.has(record.sequenceNumber)).length,
    lost,
    orderViolations,
  };
}
