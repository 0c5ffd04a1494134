// The CLI's help text: every command, its flags, and where data lives.
export const USAGE = `Usage: npm run cli -- <command> [options]

Accounts
  accounts add imap --host H --port 993 --tls implicit|starttls|none --user U --email E
                    [--password P] [--smtp-host H --smtp-port 587 --smtp-tls starttls] [--name N]
      Any setting can come from the environment instead: SWITCHBOARD_IMAP_PASSWORD, SWITCHBOARD_IMAP_HOST, …
  accounts add demo [--seed 1] [--size 2400] [--faults none|slow|failing|rate-limited]
  accounts list [--json]            state, last sync, cursor age and last error of each account
  accounts test <id>                connects and reports the latency
  accounts remove <id>              removes the account, its cache and its stored secrets

Sync and search
  sync [--account <id>] [--watch [--interval 5]]
                                    syncs every account (or one) with progress; --watch keeps
                                    going (IMAP IDLE push, else polling) and sends queued replies
  search "<query>" [--json] [--limit 50] [--offset 0] [--account <id>]
      operators: from: to: subject: source: kind: in: account: is:unread|read|starred
                 has:attachment before:YYYY-MM-DD after:YYYY-MM-DD "a phrase" -not OR ( )

Next actions
  actions [--json]                  what needs you, with the reason for each
  actions dismiss <key>             hide until something new arrives
  actions snooze <key> [--until 2h|3d|tomorrow|<date>]

Sending
  send --reply-to <item id> --text "…"
      queues a reply, waits the undo window (5 s; SWITCHBOARD_UNDO_SECONDS changes it; Ctrl+C
      cancels), then sends it through the outbox
  outbox [--json] [--all]           pending, sent, failed and unconfirmed sends
  outbox retry <id> | outbox discard <id>

Global options
  --data-dir <dir>   where the cache and secrets live (default: SWITCHBOARD_DATA_DIR, else
                     $XDG_DATA_HOME/switchboard on Linux, ~/Library/Application Support/Switchboard on
                     macOS, %APPDATA%\\Switchboard on Windows)
  --verbose          also print the log (it is always written to <data dir>/logs/switchboard.log)
  --help             this text
`;
