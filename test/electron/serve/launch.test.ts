// `npm run serve` arguments and the browser opener (never throws, even without an opener installed).
import { describe, expect, it } from 'vitest';
import { browserCommand, openInBrowser, parseServeArgs, ServeUsageError } from '../../../electron/main/serve/launch.ts';

describe('parseServeArgs', () => {
  it('reads --port, --port=, --open and --help', () => {
    expect(parseServeArgs([])).toEqual({ port: undefined, open: false, help: false });
    expect(parseServeArgs(['--port', '8123', '--open'])).toEqual({ port: 8123, open: true, help: false });
    expect(parseServeArgs(['--port=0'])).toMatchObject({ port: 0 });
    expect(parseServeArgs(['-h'])).toMatchObject({ help: true });
  });

  it.each([[['--port']], [['--port', 'x']], [['--port', '-1']], [['--port', '70000']], [['--port=1.5']], [['--bogus']], [['serve']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseServeArgs(argv)).toThrow(ServeUsageError);
    },
  );
});

describe('browser opener', () => {
  it('uses each OS opener, escaping & for cmd', () => {
    expect(browserCommand('http://127.0.0.1:1/?token=a', 'linux')).toEqual({ command: 'xdg-open', args: ['http://127.0.0.1:1/?token=a'] });
    expect(browserCommand('http://x/', 'darwin')).toEqual({ command: 'open', args: ['http://x/'] });
    expect(browserCommand('http://x/?a=1&b=2', 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'http://x/?a=1^&b=2'] });
  });

  it('reports a missing opener through the callback instead of throwing', async () => {
    const original = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await new Promise<Error>((resolve) => openInBrowser('http://127.0.0.1:1/', resolve, 'linux'));
      expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
    } finally {
      process.env.PATH = original;
    }
  });
});
