import { describe, expect, it } from 'vitest';
import { contextualLogger, createLogger, newCorrelationId, runWithCorrelation } from '../../../electron/main/services/logger.ts';

function capture() {
  const chunks: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (s: string) => void chunks.push(s) } });
  const lines = () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, raw: () => chunks.join('') };
}

describe('logger', () => {
  it('redacts sensitive keys at any depth, in any case, in arrays, bindings and errors', () => {
    const { log, lines, raw } = capture();
    const secret = 's3cr3t-value';
    const deep = { a: { b: { c: { d: { e: { f: { g: { refreshToken: secret } } } } } } } };
    log.child({ auth: { password: secret } }).info(
      {
        Password: secret,
        list: [{ accessToken: secret }, { nested: { Authorization: `Bearer ${secret}` } }],
        headers: { cookie: secret, 'Set-Cookie': secret },
        appSecret: secret,
        pass: secret,
        token: secret,
        secret,
        deep,
        err: Object.assign(new Error('boom'), { options: { auth: { pass: secret } } }),
        keep: 'visible',
      },
      'hello',
    );
    expect(raw()).not.toContain(secret);
    const [line] = lines();
    expect(line).toMatchObject({ Password: '[redacted]', keep: 'visible', auth: { password: '[redacted]' } });
    expect(line?.err).toMatchObject({ type: 'Error', message: 'boom', options: { auth: { pass: '[redacted]' } } });
    // The original objects are not mutated.
    expect(deep.a.b.c.d.e.f.g.refreshToken).toBe(secret);
  });

  it('correlation ids are short, unique, and bound to every line of a run', async () => {
    const ids = new Set(Array.from({ length: 1000 }, newCorrelationId));
    expect(ids.size).toBe(1000);
    expect([...ids][0]).toMatch(/^[0-9a-f]{12}$/);

    const { log, lines } = capture();
    const connectorLog = contextualLogger(log.child({ accountId: 'a' }), { component: 'imap' });
    connectorLog.info({}, 'outside');
    await runWithCorrelation(log.child({ accountId: 'a' }), async (runLog, id) => {
      runLog.info({}, 'run');
      await new Promise((r) => setTimeout(r, 1));
      connectorLog.child({ folder: 'INBOX' }).info({}, 'inside');
      expect(id).toMatch(/^[0-9a-f]{12}$/);
    });
    const [outside, run, inside] = lines();
    expect(outside).toMatchObject({ accountId: 'a', component: 'imap', msg: 'outside' });
    expect(outside?.correlationId).toBeUndefined();
    expect(inside).toMatchObject({ component: 'imap', folder: 'INBOX', correlationId: run?.correlationId });
  });
});
