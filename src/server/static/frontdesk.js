// Conveniences only: every page works without this script (it may not run inline: the CSP forbids inline script).
const frame = document.getElementById('print-frame');
if (frame) {
  // The PDF's own window prints every page; the page around the frame would print one screenful.
  const printPdf = () => {
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch {
      window.print();
    }
  };
  // The frame may have loaded before this deferred script ran.
  const loaded = frame.contentDocument?.readyState === 'complete' && frame.contentWindow.location.href !== 'about:blank';
  if (loaded) printPdf();
  else frame.addEventListener('load', printPdf, { once: true });
}
