// Browser mode's server. The `npm run serve` entry (build the app, print the URL, --open) comes with the renderer.
export { IPC_PATH, MAX_MESSAGE_BYTES, startServer, type RunningServer, type ServerOptions } from './server.ts';
export { contentSecurityPolicy, tokenMatches } from './security.ts';
