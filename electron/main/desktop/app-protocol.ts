// The desktop UI's files over app://switchboard/: the same resolver and security headers (CSP
// included) as browser mode's static server, so both modes refuse the same paths. Plain Node and
// WHATWG Response, so it is tested without Electron; index.ts hands it to protocol.handle.
import fs from 'node:fs';
import { APP_HOST, APP_SCHEME } from '../../shared/desktop.ts';
import { securityHeaders } from '../serve/security.ts';
import { resolveStatic } from '../serve/static.ts';

function plain(status: number, headers: Record<string, string>): Response {
  return new Response(String(status), { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export async function appProtocolResponse(root: string, request: { url: string; method: string }): Promise<Response> {
  const headers = securityHeaders();
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, { ...headers, Allow: 'GET, HEAD' });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, headers);
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, headers);
  let outcome: ReturnType<typeof resolveStatic>;
  try {
    // The raw pathname, still percent-encoded: resolveStatic decodes it once and refuses "..", NUL, "\".
    outcome = resolveStatic(root, url.pathname);
  } catch {
    return plain(404, headers); // the build folder is missing
  }
  if (outcome.status !== 200) return plain(outcome.status, headers);
  const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.promises.readFile(outcome.file));
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': outcome.type, 'Cache-Control': 'no-cache' } });
}
