// The IPC layer: contract keys bound to services, with validation on both sides of every call.
export { createDispatch, createIpcHandlers, dispatch, type Dispatch, type IpcHandlers } from './dispatch.ts';
export { toIpcEvent } from './events.ts';
export { BadRequest, toIpcError } from './errors.ts';
