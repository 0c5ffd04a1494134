// Email HTML → a self-contained document for a sandboxed iframe. Three layers, each enough alone for
// scripts: DOMPurify removes scripts, handlers, forms and javascript: URLs; the frame is
// sandbox="" (no scripts, no forms, no popups, opaque origin); and the document's own CSP is
// default-src 'none'. Remote resources (tracking pixels, banners) are rewritten away unless the user
// allowed them, so opening a mail tells no sender that it was read.
import DOMPurify from 'dompurify';

export interface SanitizedEmail {
  /** The full srcdoc: CSP meta first, then the sanitized head styles and body. */
  srcdoc: string;
  /** Remote images/backgrounds/styles that were blocked (0 when allowed or none). */
  blockedRemote: number;
}

export interface SanitizeOptions {
  allowRemote: boolean;
  /** Colours for the frame body, so a mail without its own styles matches the app theme. */
  dark?: boolean;
}

const REMOTE = /^\s*(https?:)?\/\//i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const URL_ATTRS = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'];

export function frameCsp(allowRemote: boolean): string {
  return `default-src 'none'; img-src data:${allowRemote ? ' https:' : ''}; style-src 'unsafe-inline'; font-src data:`;
}

/** Blocks remote url(...) in CSS text; `@import` is dropped always (it would fetch a whole stylesheet). */
function rewriteCss(css: string, allowRemote: boolean, count: () => void): string {
  const noImports = css.replace(/@import[^;]*;?/gi, () => {
    count();
    return '';
  });
  return noImports.replace(CSS_URL, (match, _q: string, url: string) => {
    if (/^data:/i.test(url.trim())) return match;
    if (allowRemote && /^\s*https:/i.test(url)) return match;
    count();
    return 'none';
  });
}

function srcsetIsRemote(value: string): boolean {
  return value.split(',').some((part) => !/^\s*data:/i.test(part));
}

/**
 * Sanitizes once per call; hooks are added and removed around it so the global DOMPurify instance
 * keeps no state between messages.
 */
export function sanitizeEmail(html: string, options: SanitizeOptions): SanitizedEmail {
  let blocked = 0;
  const count = () => {
    blocked += 1;
  };
  const { allowRemote } = options;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    for (const name of URL_ATTRS) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      const remote = name === 'srcset' ? srcsetIsRemote(value) : REMOTE.test(value) || !/^\s*(data:|cid:|#)/i.test(value);
      // Only https is ever let through: plain http would be mixed, trackable and downgradable.
      const allowed = allowRemote && (name === 'srcset' ? !/http:/i.test(value) : /^\s*https:/i.test(value));
      if (remote && !allowed) {
        node.removeAttribute(name);
        count();
      }
    }
    const style = node.getAttribute('style');
    if (style !== null && /url\(|@import|image-set\(/i.test(style)) node.setAttribute('style', rewriteCss(style, allowRemote, count));
    // SVG <image href> / <use href> fetch like <img src> does.
    if (node.tagName !== 'A' && node.tagName !== 'AREA' && node.hasAttribute('href') && !/^\s*(data:|#)/i.test(node.getAttribute('href') ?? '')) {
      node.removeAttribute('href');
      count();
    }
    if (node.tagName === 'A') {
      // Sandboxed without allow-popups, a _blank link cannot open anything from inside the frame,
      // and the frame never navigates itself to a sender's page.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  DOMPurify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = rewriteCss(node.textContent, allowRemote, count);
  });
  let doc: Element;
  try {
    doc = DOMPurify.sanitize(html, {
      WHOLE_DOCUMENT: true,
      RETURN_DOM: true,
      FORBID_TAGS: ['form', 'input', 'button', 'select', 'textarea', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'link', 'meta', 'base', 'script', 'noscript', 'video', 'audio', 'source', 'track'],
      FORBID_ATTR: ['action', 'formaction', 'ping', 'xlink:href'],
      ADD_ATTR: ['target'],
      ALLOW_DATA_ATTR: false,
    }) as Element; // WHOLE_DOCUMENT + RETURN_DOM: the <html> element
  } finally {
    DOMPurify.removeAllHooks();
  }
  const headStyles = [...doc.querySelectorAll('head style')].map((s) => s.outerHTML).join('\n');
  const body = doc.querySelector('body');
  const bodyStyle = body?.getAttribute('style');
  const bodyHtml = body ? body.innerHTML : doc.innerHTML;
  const wrapped = bodyStyle ? `<div style="${bodyStyle.replace(/"/g, '&quot;')}">${bodyHtml}</div>` : bodyHtml;
  return { srcdoc: frameDocument(`${headStyles}`, wrapped, options), blockedRemote: blocked };
}

const BASE_STYLE = (dark: boolean) => `
  html { color-scheme: ${dark ? 'dark' : 'light'}; }
  body { margin: 0; padding: 20px 24px; font: 14px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
         color: ${dark ? '#e6e6e9' : '#1d1d21'}; background: ${dark ? '#1b1b1f' : '#ffffff'}; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  blockquote { margin: 0 0 0 4px; padding-left: 12px; border-left: 3px solid ${dark ? '#3a3a42' : '#d9d9e0'}; color: ${dark ? '#a0a0aa' : '#5b5b66'}; }
  pre { white-space: pre-wrap; }
  a { color: ${dark ? '#8ab4ff' : '#2459d6'}; }`;

function frameDocument(head: string, body: string, options: SanitizeOptions): string {
  return `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${frameCsp(options.allowRemote)}"><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_STYLE(options.dark ?? false)}</style>${head}</head><body>${body}</body></html>`;
}
