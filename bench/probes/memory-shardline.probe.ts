import 'reflect-metadata';
import { createHandler } from 'shardline';
import { Orders } from '../fixtures/raw-routes';
import { silentLogger } from '../fixtures/silent-logger';
import { sink } from '../fixtures/work';
import { runMemoryProbe } from './memory';

runMemoryProbe(
  createHandler([Orders], { logger: silentLogger }),
  (event) => event.Records.length,
  () => sink.records,
);
