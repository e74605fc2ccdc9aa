import { floorHandler } from '../fixtures/floor';
import { sink } from '../fixtures/work';
import { runMemoryProbe } from './memory';

runMemoryProbe(
  floorHandler,
  (event) => event.Records.length,
  () => sink.records,
);
