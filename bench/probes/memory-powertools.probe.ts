import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { powertoolsRecordHandler } from '../fixtures/floor';
import { sink } from '../fixtures/work';
import { runMemoryProbe } from './memory';

const processor = new BatchProcessor(EventType.KinesisDataStreams);
runMemoryProbe(
  (event) => processPartialResponse(event, powertoolsRecordHandler, processor),
  (event) => event.Records.length,
  () => sink.records,
);
