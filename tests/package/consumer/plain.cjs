// Plain CommonJS, no build step: require every entry, decorate by hand (what TypeScript's legacy
// decorators compile to) and run a handler. Prints one JSON report for the test to check.
require('reflect-metadata');
const shardline = require('shardline');
const testing = require('shardline/testing');
const dynamodb = require('shardline/dynamodb');
const cloudwatchLogs = require('shardline/cloudwatch-logs');
const eventbridge = require('shardline/eventbridge');
const deployment = require('shardline/deployment');

class Greetings {
  constructor() {
    this.seen = [];
  }
  hello(payload) {
    this.seen.push(payload.name);
  }
  invalid(error) {
    this.seen.push(error.name);
  }
}
shardline.OnRecord('greeting')(Greetings.prototype, 'hello', Object.getOwnPropertyDescriptor(Greetings.prototype, 'hello'));
shardline.OnInvalid()(Greetings.prototype, 'invalid', Object.getOwnPropertyDescriptor(Greetings.prototype, 'invalid'));
shardline.StreamHandler()(Greetings);

// The payload classes of the format entries, routed by the main entry's decorators.
class Feeds {
  logs() {}
  placed() {}
}
class OrderPlaced extends eventbridge.EventBridgeEvent {}
shardline.PayloadType('OrderPlaced')(OrderPlaced);
shardline.OnRecord(cloudwatchLogs.CloudWatchLogsData)(Feeds.prototype, 'logs', Object.getOwnPropertyDescriptor(Feeds.prototype, 'logs'));
shardline.OnRecord(OrderPlaced)(Feeds.prototype, 'placed', Object.getOwnPropertyDescriptor(Feeds.prototype, 'placed'));
shardline.StreamHandler()(Feeds);

const greetings = new Greetings();
const handler = shardline.createHandler([greetings]);
const event = testing.kinesisEvent([{ data: { type: 'greeting', name: 'cjs' } }, { data: 'not json' }]);
handler(event, testing.lambdaContext()).then((response) => {
  const report = {
    resolved: ['shardline', 'shardline/testing', 'shardline/dynamodb', 'shardline/deployment'].map((id) => require.resolve(id)),
    response,
    seen: greetings.seen,
    routes: handler.routes.length,
    unmarshalled: dynamodb.unmarshallImage({ id: { S: 'o-1' }, total: { N: '12.5' } }),
    minimumTimeoutMs: deployment.minimumTimeoutMs(2_000),
    formats: {
      resolved: ['shardline/cloudwatch-logs', 'shardline/eventbridge'].map((id) => require.resolve(id)),
      routes: shardline.createHandler([Feeds]).routes.map((route) => `${route.method} ${route.discriminator}=${route.type}`),
    },
  };
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
});
