// Conveniences only: every page works without this script (it may not run inline: the CSP forbids inline script).
const frame = document.getElementById('print-frame');
if (frame) {
  frame.addEventListener('load', () => {
    // The PDF's own window prints every page; the page around the frame would print one screenful.
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch {
      window.print();
    }
  });
}
