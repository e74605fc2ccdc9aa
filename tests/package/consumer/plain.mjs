// Plain ES module, no build step: import every entry, decorate by hand (what TypeScript's legacy
// decorators compile to) and run a handler. Prints one JSON report for the test to check.
import 'reflect-metadata';
import { createHandler, OnInvalid, OnRecord, StreamHandler } from 'shardline';
import { minimumTimeoutMs } from 'shardline/deployment';
import { unmarshallImage } from 'shardline/dynamodb';
import { kinesisEvent, lambdaContext } from 'shardline/testing';

class Greetings {
  seen = [];
  hello(payload) {
    this.seen.push(payload.name);
  }
  invalid(error) {
    this.seen.push(error.name);
  }
}
OnRecord('greeting')(Greetings.prototype, 'hello', Object.getOwnPropertyDescriptor(Greetings.prototype, 'hello'));
OnInvalid()(Greetings.prototype, 'invalid', Object.getOwnPropertyDescriptor(Greetings.prototype, 'invalid'));
StreamHandler()(Greetings);

const greetings = new Greetings();
const handler = createHandler([greetings]);
const response = await handler(kinesisEvent([{ data: { type: 'greeting', name: 'esm' } }, { data: 'not json' }]), lambdaContext());
const report = {
  resolved: ['shardline', 'shardline/testing', 'shardline/dynamodb', 'shardline/deployment'].map((id) => import.meta.resolve(id)),
  response,
  seen: greetings.seen,
  routes: handler.routes.length,
  unmarshalled: unmarshallImage({ id: { S: 'o-1' }, total: { N: '12.5' } }),
  minimumTimeoutMs: minimumTimeoutMs(2_000),
};
process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
