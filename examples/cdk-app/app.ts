/** The CDK app: `npx cdk synth` from this folder (cdk.json runs this file with tsx). */
import { App } from 'aws-cdk-lib';
import { OrdersStack } from './orders-stack';

const app = new App();
new OrdersStack(app, 'ShardlineOrders');
app.synth();
