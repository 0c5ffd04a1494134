// The desktop shell's security decisions: who may call IPC, which links leave for the browser, which
// frame navigations are allowed.
import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, frameNavigationAllowed, isAllowedSender } from '../../../../electron/main/desktop/policy.ts';

const ORIGIN = 'app://switchboard';

describe('isAllowedSender', () => {
  it.each(['app://switchboard/index.html', 'app://switchboard/', 'app://SWITCHBOARD/index.html#/inbox'])('accepts our UI at %s', (url) => {
    expect(isAllowedSender(url, ORIGIN)).toBe(true);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['not a url'],
    ['about:srcdoc'],
    ['about:blank'],
    ['blob:app://switchboard/5b1c'],
    ['app://switchboard.evil/index.html'],
    ['app://evil/index.html'],
    ['http://switchboard/index.html'],
    ['https://example.com/'],
    ['file:///index.html'],
    ['data:text/html,<script>1</script>'],
  ])('refuses %s', (url) => {
    expect(isAllowedSender(url, ORIGIN)).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('opens parsed http(s) URLs, normalized', () => {
    expect(externalUrlToOpen('https://example.com/a b')).toEqual({ action: 'open', url: 'https://example.com/a%20b' });
    expect(externalUrlToOpen('HTTP://Example.com')).toEqual({ action: 'open', url: 'http://example.com/' });
  });

  it('hands mailto: to the composer, never to the OS', () => {
    expect(externalUrlToOpen('mailto:ann@example.com?subject=hi')).toEqual({ action: 'mailto', url: 'mailto:ann@example.com?subject=hi' });
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'ms-msdt:/id PCWDiagnostic',
    'smb://host/share',
    'app://switchboard/index.html',
    'data:text/html,x',
    'https://user:pass@example.com/',
    'https://user@example.com/',
    '//example.com',
    '',
    'http://',
    'not a url',
  ])('denies %j', (url) => {
    expect(externalUrlToOpen(url)).toEqual({ action: 'deny' });
  });
});

describe('frameNavigationAllowed', () => {
  it('never lets the main frame navigate, even to our own origin', () => {
    for (const url of ['app://switchboard/index.html', 'https://example.com/', 'about:blank']) {
      expect(frameNavigationAllowed({ url, isMainFrame: true }, ORIGIN)).toBe(false);
    }
  });

  it('lets the mail iframe load srcdoc, about:blank and our own blob: URLs only', () => {
    const sub = (url: string) => frameNavigationAllowed({ url, isMainFrame: false }, ORIGIN);
    expect(sub('about:srcdoc')).toBe(true);
    expect(sub('about:blank')).toBe(true);
    expect(sub('blob:app://switchboard/6f0e-4c1a')).toBe(true);
    expect(sub('blob:https://evil.example/6f0e')).toBe(false);
    expect(sub('blob:null/6f0e')).toBe(false);
    expect(sub('https://example.com/')).toBe(false);
    expect(sub('app://switchboard/index.html')).toBe(false);
    expect(sub('javascript:alert(1)')).toBe(false);
    expect(sub('data:text/html,x')).toBe(false);
  });
});
