// Who may talk to the browser-mode server. The server listens on loopback, but any web page the user
// opens can reach loopback too: the Host check defeats DNS rebinding (evil.example re-pointed at
// 127.0.0.1 still sends Host: evil.example), the Origin check stops other pages' WebSockets (browsers
// always send Origin on them), and the per-launch token stops other local users and processes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time: hashing first makes the lengths equal, so neither length nor content leaks by timing. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowedHosts(port).has(host.toLowerCase());
}

/** Exactly our own origin; a missing Origin (a non-browser client) is refused as well. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && allowedOrigins(port).has(origin);
}

/** Without a port (the desktop app:// protocol) the UI talks over IPC, so no WebSocket is allowed. */
export function contentSecurityPolicy(port?: number): string {
  const connect = port === undefined ? "connect-src 'self'" : `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The mail iframe (srcdoc) inherits this policy and can only narrow it: its own meta CSP keeps
    // remote images off until the user allows them, and carries no script at all. Mail styles are
    // inline, so the page must permit inline styles for the frame to show them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    connect,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(port?: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}
