// Names the desktop main process and its preload share. Kept out of ipc-contract.ts so the preload's
// event channel is not mistaken for a call.

/** The renderer is served from app://switchboard/ (a privileged standard scheme), never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** main → renderer push channel carrying one IpcEvent per message. */
export const EVENT_CHANNEL = 'switchboard:event';
