export { KinesisConsumer, type KinesisConsumerProps, type KinesisConsumerFilters, type IteratorAgeAlarmProps } from './kinesis-consumer.js';
export { HandlerInspectionError, UnsafeConsumerError } from './errors.js';
