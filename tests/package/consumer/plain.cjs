// Plain CommonJS, no build step: require every entry, decorate by hand (what TypeScript's legacy
// decorators compile to) and run a handler. Prints one JSON report for the test to check.
require('reflect-metadata');
const shardline = require('shardline');
const testing = require('shardline/testing');
const dynamodb = require('shardline/dynamodb');
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
  };
  process.stdout.write(`REPORT ${JSON.stringify(report)}\n`);
});
