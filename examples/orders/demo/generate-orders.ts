/**
 * The demo's traffic: order events over a few hundred customers, partitioned by customer id, with a
 * few records that are not valid orders and a few orders whose first write fails (a throttled table).
 */

/** One record to put, and what the audit must expect of it. */
export interface GeneratedRecord {
  partitionKey: string;
  data: string;
  /** `created:o-42` or `cancelled:o-42` for a valid event; undefined for an invalid record. */
  eventId?: string;
  /** The first write of this event fails. */
  flaky: boolean;
}

/** Options of {@link generateOrders}. */
export interface GenerateOptions {
  records: number;
  customers: number;
  /** One invalid record every `invalidEvery` records. */
  invalidEvery: number;
  /** One transiently failing event every `flakyEvery` records. */
  flakyEvery: number;
  seed: number;
}

/**
 * Generates order events deterministically from a seed.
 *
 * @example
 * const records = generateOrders({ records: 10_000, customers: 300, invalidEvery: 997, flakyEvery: 499, seed: 7 });
 */
export function generateOrders(options: GenerateOptions): GeneratedRecord[] {
  const random = mulberry32(options.seed);
  const openOrders = new Map<string, string[]>();
  const records: GeneratedRecord[] = [];
  for (let i = 0; i < options.records; i++) {
    const customerId = `customer-${String(Math.floor(random() * options.customers)).padStart(4, '0')}`;
    if ((i + 1) % options.invalidEvery === 0) {
      // Alternate between a payload that fails validation and bytes that are not JSON at all.
      const data =
        i % 2 === 0
          ? JSON.stringify({ type: 'order.created', orderId: `bad-${i}`, customerId, total: -1, lines: [] })
          : `{"type": "order.created", "orderId": truncated-${i}`;
      records.push({ partitionKey: customerId, data, flaky: false });
      continue;
    }
    const open = openOrders.get(customerId) ?? [];
    const flaky = (i + 1) % options.flakyEvery === 0;
    if (open.length > 0 && random() < 0.2) {
      const orderId = open.splice(Math.floor(random() * open.length), 1)[0];
      records.push({
        partitionKey: customerId,
        data: JSON.stringify({ type: 'order.cancelled', orderId, customerId, reason: 'changed mind' }),
        eventId: `cancelled:${orderId}`,
        flaky,
      });
      continue;
    }
    const orderId = `o-${i}`;
    open.push(orderId);
    openOrders.set(customerId, open);
    const quantity = 1 + Math.floor(random() * 3);
    const unitPrice = Math.round(random() * 5_000) / 100;
    records.push({
      partitionKey: customerId,
      data: JSON.stringify({
        type: 'order.created',
        orderId,
        customerId,
        total: quantity * unitPrice,
        lines: [{ sku: `sku-${Math.floor(random() * 50)}`, quantity, unitPrice }],
      }),
      eventId: `created:${orderId}`,
      flaky,
    });
  }
  return records;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
