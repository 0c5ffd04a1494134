// The demo source: a generated, deterministic workspace of mail, chats and notes for trying the app,
// for the UI benches (100,000 items) and for exercising the runtime's retry and rate-limit paths.
import { defineConnector } from '../contract/connector.ts';
import { DemoInstance } from './instance.ts';
import { DemoSettings } from './settings.ts';

export { DemoInstance } from './instance.ts';
export { DemoSettings } from './settings.ts';

export const demoConnector = defineConnector({
  manifest: {
    id: 'demo',
    kind: 'mixed',
    displayName: 'Demo workspace',
    authType: 'none',
    settings: DemoSettings,
    secretFields: [],
    capabilities: ['reply', 'markRead', 'incremental', 'attachments'],
    rateLimits: { perSecond: 50, concurrency: 4 },
  },
  create: (runtime) => new DemoInstance(runtime),
});
