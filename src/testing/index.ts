export { kinesisEvent, kinesisRecord, FIRST_SEQUENCE_NUMBER, type RecordSpec, type EventOptions } from './kinesis-event.factory';
export { lambdaContext } from './lambda-context.factory';
export { aggregateRecords, type KplUserRecord } from './kpl-aggregate';
