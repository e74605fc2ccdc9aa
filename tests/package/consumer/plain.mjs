// Plain ES module, no build step: import every entry, decorate by hand (what TypeScript's legacy
// decorators compile to) and run a handler. Prints one JSON report for the test to check.
import 'reflect-metadata';
import { createHandler, OnInvalid, OnRecord, StreamHandler } from 'shardline';
import { PayloadType } from 'shardline';
import { minimumTimeoutMs } from 'shardline/deployment';
import { unmarshallImage } from 'shardline/dynamodb';
import { CloudWatchLogsData } from 'shardline/cloudwatch-logs';
import { EventBridgeEvent } from 'shardline/eventbridge';
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

// The payload classes of the format entries, routed by the main entry's decorators.
class Feeds {
  logs() {}
  placed() {}
}
class OrderPlaced extends EventBridgeEvent {}
PayloadType('OrderPlaced')(OrderPlaced);
OnRecord(CloudWatchLogsData)(Feeds.prototype, 'logs', Object.getOwnPropertyDescriptor(Feeds.prototype, 'logs'));
OnRecord(OrderPlaced)(Feeds.prototype, 'placed', Object.getOwnPropertyDescriptor(Feeds.prototype, 'placed'));
StreamHandler()(Feeds);

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
  formats: {
    resolved: ['shardline/cloudwatch-logs', 'shardline/eventbridge'].map((id) => import.meta.resolve(id)),
    routes: createHandler([Feeds]).routes.map((route) => `${route.method} ${route.discriminator}=${route.type}`),
  },
};
process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
