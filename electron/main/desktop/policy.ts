// The desktop shell's security decisions as pure functions, so they are tested without Electron.
// index.ts only wires them to Electron's events.

/**
 * A custom scheme's URL has an opaque `origin` ("null") and a case-kept host in WHATWG URL, so compare
 * scheme and host, ignoring case as Chromium does for a standard scheme.
 */
function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host.toLowerCase() === b.host.toLowerCase();
}

function parse(url: string | null | undefined): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether an IPC call comes from our own UI: the sending frame's URL must be on `origin`
 * (e.g. app://switchboard). A frame that navigated away, a missing frame or a subframe showing mail
 * HTML (about:srcdoc, blob:) never qualifies.
 */
export function isAllowedSender(frameUrl: string | null | undefined, origin: string): boolean {
  const sender = parse(frameUrl);
  const allowed = parse(origin);
  return sender !== undefined && allowed !== undefined && sameOrigin(sender, allowed);
}

export type ExternalDecision =
  | { action: 'open'; url: string }
  /** mailto: is not handed to the OS: the renderer's composer handles it (its increment wires it). */
  | { action: 'mailto'; url: string }
  | { action: 'deny' };

/**
 * What to do with a link the UI (or a mail) asked to open. Only parsed http(s) URLs reach
 * shell.openExternal: file:, javascript:, custom protocol handlers (ms-msdt:, smb:) are how a click
 * becomes code execution. Credentials in the URL are refused as a phishing tell.
 */
export function externalUrlToOpen(raw: string): ExternalDecision {
  const url = parse(raw);
  if (!url) return { action: 'deny' };
  if (url.protocol === 'mailto:') return { action: 'mailto', url: url.href };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { action: 'deny' };
  if (url.username !== '' || url.password !== '' || url.hostname === '') return { action: 'deny' };
  return { action: 'open', url: url.href };
}

/**
 * The app is one page, so the main frame never navigates. Subframes may only load what the
 * conversation view puts in its sandboxed mail iframe: about:blank, about:srcdoc, or a blob: URL it
 * created itself. Anything else (a link inside a mail with target=_self) is refused; links open
 * through setWindowOpenHandler → externalUrlToOpen.
 */
export function frameNavigationAllowed(nav: { url: string; isMainFrame: boolean }, origin: string): boolean {
  if (nav.isMainFrame) return false;
  if (nav.url === 'about:blank' || nav.url === 'about:srcdoc') return true;
  const url = parse(nav.url);
  if (!url || url.protocol !== 'blob:') return false;
  const inner = parse(url.pathname);
  const allowed = parse(origin);
  return inner !== undefined && allowed !== undefined && sameOrigin(inner, allowed);
}
