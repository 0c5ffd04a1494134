// actions.*: the next-actions panel.
import { computeNextActions, dismissAction, parseActionKey, snoozeAction } from '../../services/next-actions.ts';
import { BadRequest } from '../errors.ts';
import type { HandlerApp, HandlerGroup } from './types.ts';

type Channels = 'actions.list' | 'actions.dismiss' | 'actions.snooze';

function requireKey(key: string): string {
  if (!parseActionKey(key)) throw new BadRequest(`"${key}" is not a next-action key (kind:account:conversation).`);
  return key;
}

export function actionHandlers(app: HandlerApp): HandlerGroup<Channels> {
  return {
    'actions.list': ({ limit }) => computeNextActions(app.db, { limit }),
    'actions.dismiss': ({ key }) => {
      dismissAction(app.db, requireKey(key));
      app.bus.emit({ kind: 'actions' });
      return { ok: true };
    },
    'actions.snooze': ({ key, until }) => {
      snoozeAction(app.db, requireKey(key), until);
      app.bus.emit({ kind: 'actions' });
      return { ok: true };
    },
  };
}
