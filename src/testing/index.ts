export { kinesisEvent, kinesisRecord, FIRST_SEQUENCE_NUMBER, type RecordSpec, type EventOptions, type WindowEventOptions } from './kinesis-event.factory.js';
export { lambdaContext } from './lambda-context.factory.js';
export { aggregateRecords, wrapKplAggregate, type KplUserRecord } from './kpl-aggregate.js';
export { codecContract, type CodecContractCases, type CodecSample, type InvalidCodecSample } from './codec-contract.js';
