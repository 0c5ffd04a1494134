// Static files of the built renderer. Only GET/HEAD, only files under the root (no "..", no encoded
// "..", no backslashes, no NUL, no symlinks leading out), never a directory listing.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webp': 'image/webp',
};

export type StaticOutcome = { status: 200; file: string; type: string; size: number } | { status: 400 | 403 | 404 };

/** Where a raw request path points under `root`, or why it may not be served. */
export function resolveStatic(root: string, rawUrl: string): StaticOutcome {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { status: 403 };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403 };
  // Dotfiles (.env, .git) are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { status: 404 };
  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const realRoot = fs.realpathSync(root);
  let file: string;
  try {
    file = fs.realpathSync(path.join(realRoot, relative));
  } catch {
    return { status: 404 };
  }
  if (!file.startsWith(realRoot + path.sep)) return { status: 403 };
  const stat = fs.statSync(file);
  if (!stat.isFile()) return { status: 404 };
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { status: 200, file, type, size: stat.size };
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const outcome = resolveStatic(root, req.url ?? '/');
  if (outcome.status !== 200) {
    res.writeHead(outcome.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(String(outcome.status));
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': outcome.type, 'Content-Length': outcome.size, 'Cache-Control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(outcome.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
