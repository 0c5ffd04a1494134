// Shows a sanitized document in a frame that may do nothing: sandbox="" means no scripts, no forms, no
// popups, no top navigation and an opaque origin; the document carries its own default-src 'none' CSP.
export function EmailFrame({ srcdoc, title }: { srcdoc: string; title: string }) {
  return <iframe className="mail-frame" title={title} sandbox="" referrerPolicy="no-referrer" srcDoc={srcdoc} />;
}
