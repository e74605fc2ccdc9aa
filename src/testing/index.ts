export { kinesisEvent, kinesisRecord, FIRST_SEQUENCE_NUMBER, type RecordSpec, type EventOptions } from './kinesis-event.factory';
export { lambdaContext } from './lambda-context.factory';
export { aggregateRecords, wrapKplAggregate, type KplUserRecord } from './kpl-aggregate';
export { codecContract, type CodecContractCases, type CodecSample, type InvalidCodecSample } from './codec-contract';
