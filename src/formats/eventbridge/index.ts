// The `shardline/eventbridge` entry point. It is separate from `shardline` because its class runs
// class-validator decorators when it loads: a handler that never reads EventBridge events pays
// nothing for them, bundled or not.
export { EventBridgeEvent } from './eventbridge-event.format.js';
