// The preload's window.switchboard: only contract channels reach ipcRenderer, and event listeners see
// the payload alone (never Electron's event object with its `sender`).
import { describe, expect, it } from 'vitest';
import { buildBridge } from '../../../electron/preload/bridge.ts';
import { ipcChannels, type IpcChannel } from '../../../electron/shared/ipc-contract.ts';

function harness() {
  const invoked: [IpcChannel, unknown][] = [];
  const listeners = new Set<(payload: unknown) => void>();
  const api = buildBridge(
    ipcChannels,
    async (channel, input) => {
      invoked.push([channel, input]);
      return { ok: true, result: [] };
    },
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  );
  return { api, invoked, listeners, push: (payload: unknown) => listeners.forEach((l) => l(payload)) };
}

describe('buildBridge', () => {
  it('forwards every contract channel with its input, and only the input', async () => {
    const { api, invoked } = harness();
    for (const channel of ipcChannels) await api.call(channel, undefined as never);
    expect(invoked.map(([c]) => c)).toEqual(ipcChannels);
    await (api.call as (...a: unknown[]) => Promise<unknown>)('inbox.list', { limit: 5 }, 'extra', 'args');
    expect(invoked.at(-1)).toEqual(['inbox.list', { limit: 5 }]);
  });

  it.each([['ipc.raw'], ['__proto__'], ['constructor'], ['onEvent'], [''], [42], [null], [{ toString: () => 'accounts.list' }]])(
    'answers unknown-channel for %j without touching ipcRenderer',
    async (channel) => {
      const { api, invoked } = harness();
      const result = await (api.call as (c: unknown, i: unknown) => Promise<unknown>)(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
      expect(invoked).toEqual([]);
    },
  );

  it('exposes exactly call and onEvent, frozen', () => {
    const { api } = harness();
    expect(Object.keys(api).sort()).toEqual(['call', 'onEvent']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('delivers the payload only, and the unsubscribe is idempotent', () => {
    const { api, listeners, push } = harness();
    const seen: unknown[][] = [];
    const off = api.onEvent((...args: unknown[]) => seen.push(args));
    push({ type: 'accounts-changed' });
    expect(seen).toEqual([[{ type: 'accounts-changed' }]]);
    off();
    off();
    push({ type: 'actions-changed' });
    expect(seen).toHaveLength(1);
    expect(listeners.size).toBe(0);
    expect(() => api.onEvent('not a function' as never)).toThrow(TypeError);
  });
});
