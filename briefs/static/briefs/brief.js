// The brief's "Print" button (no inline script: the portal's CSP forbids them).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) {
    window.print();
  }
});
