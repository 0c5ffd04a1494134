// Typed change events: the store's writers announce what changed; main forwards them to the UI.
import { EventEmitter } from 'node:events';

export type ChangeEvent =
  | { kind: 'items'; accountId: string; ids: number[] }
  | { kind: 'items-removed'; accountId: string; ids: number[] }
  | { kind: 'accounts' }
  | { kind: 'health'; accountId: string }
  | { kind: 'sync-progress'; accountId: string; stream: string; done: number; total?: number }
  | { kind: 'outbox'; ids: string[] }
  | { kind: 'actions' };

export class ChangeBus {
  readonly #emitter = new EventEmitter();

  emit(event: ChangeEvent): void {
    this.#emitter.emit('change', event);
  }

  on(listener: (event: ChangeEvent) => void): () => void {
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }
}
