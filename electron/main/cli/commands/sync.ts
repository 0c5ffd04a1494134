// `sync [--account ID]`: runs one sync of every (or one) account with a progress bar per stream.
import cliProgress from 'cli-progress';
import type { App } from '../../app.ts';
import type { ChangeEvent } from '../../store/changes.ts';
import { requireAccount } from '../../services/accounts.ts';
import { parse, UsageError } from '../args.ts';
import { getHealth } from '../../store/accounts.ts';

type Progress = Extract<ChangeEvent, { kind: 'sync-progress' }>;

/** A bar per stream on a terminal; a line every few seconds when output goes to a file or pipe. */
function progressReporter(out: (s: string) => void, tty: boolean) {
  if (tty) {
    const multi = new cliProgress.MultiBar(
      { format: ' {label} [{bar}] {value}/{total} ({rate}/s)', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
    return {
      update(p: Progress) {
        const key = `${p.accountId}/${p.stream}`;
        let entry = bars.get(key);
        const total = Math.max(p.total ?? p.done, p.done, 1);
        if (!entry) {
          entry = { bar: multi.create(total, 0, { label: key, rate: 0 }), started: Date.now() };
          bars.set(key, entry);
        }
        const seconds = Math.max((Date.now() - entry.started) / 1000, 0.001);
        entry.bar.setTotal(total);
        entry.bar.update(p.done, { label: key, rate: Math.round(p.done / seconds) });
      },
      stop() {
        multi.stop();
      },
    };
  }
  const last = new Map<string, number>();
  return {
    update(p: Progress) {
      const key = `${p.accountId}/${p.stream}`;
      const now = Date.now();
      if (now - (last.get(key) ?? 0) < 2000) return;
      last.set(key, now);
      out(`${key}: ${p.done}${p.total ? `/${p.total}` : ''}`);
    },
    stop() {},
  };
}

export async function syncCommand(app: App, args: string[], out: (s: string) => void): Promise<number> {
  const { values } = parse(args, { account: { type: 'string' }, watch: { type: 'boolean' }, interval: { type: 'string' } }, { max: 0 });
  const intervalMinutes = values.interval === undefined ? 5 : Number(values.interval);
  if (!(intervalMinutes >= 1)) throw new UsageError('--interval takes minutes, 1 or more.');
  if (values.account) requireAccount(app, values.account);
  const reporter = progressReporter(out, Boolean(process.stdout.isTTY));
  const off = app.bus.on((event) => {
    if (event.kind === 'sync-progress') reporter.update(event);
  });
  const started = Date.now();
  let reports;
  try {
    reports = values.account ? [await app.orchestrator.syncAccount(values.account)] : await app.orchestrator.syncAll();
  } finally {
    off();
    reporter.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let failed = 0;
  for (const r of reports) {
    if (r.ok) {
      const skipped = r.skipped ? `, ${r.skipped} skipped (see logs)` : '';
      out(`${r.accountId}: ${r.upserted} new or changed, ${r.patched} updated, ${r.deleted} removed${skipped}.`);
    } else {
      failed += 1;
      out(`${r.accountId}: FAILED — ${r.error ?? 'unknown error'}`);
    }
  }
  if (reports.length === 0) out('No accounts to sync. Add one: npm run cli -- accounts add demo');
  out(`Done in ${seconds}s.`);
  if (values.watch) return watch(app, intervalMinutes, out);
  return failed ? 1 : 0;
}

/** Keeps syncing (push where the account has it, e.g. IMAP IDLE, else every few minutes) until Ctrl+C. */
async function watch(app: App, intervalMinutes: number, out: (s: string) => void): Promise<number> {
  out(`Watching for changes (push where available, else every ${intervalMinutes} min). Ctrl+C stops.`);
  const off = app.bus.on((event) => {
    const at = new Date().toLocaleTimeString();
    if (event.kind === 'items') out(`${at} ${event.accountId}: ${event.ids.length} new or changed`);
    if (event.kind === 'items-removed') out(`${at} ${event.accountId}: ${event.ids.length} removed`);
    if (event.kind === 'health') {
      const health = getHealth(app.db, event.accountId);
      if (health?.lastError && health.state !== 'idle' && health.state !== 'syncing') out(`${at} ${event.accountId}: ${health.lastError}`);
    }
  });
  app.orchestrator.start({ intervalMs: intervalMinutes * 60_000 });
  app.outbox.start();
  // Signal listeners do not keep Node's event loop alive; this timer does until Ctrl+C.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  off();
  out('Stopped.');
  return 0;
}
