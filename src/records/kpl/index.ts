// The KPL decoder's public surface. The protobuf reader and format constants stay internal.
export { deaggregate, indexAggregate, isKplAggregate, UNIT, type AggregateIndex, type KplSubRecord } from './deaggregate.js';
export { KplDecodeError, type KplDecodeErrorLocation } from './kpl-decode.error.js';
