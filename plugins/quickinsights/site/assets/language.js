/*
 * Remember the language a reader picks (the header's language switcher, the links on
 * the homes and 404 pages, an insight's translation link), so that the site root's
 * redirect (templates/partials/qi-head.html) follows the reader's choice rather than
 * the browser's languages from then on. Nothing leaves the browser.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[data-qi-lang]") : null;
    if (!link) return;
    try {
      localStorage.setItem("qi-language", link.getAttribute("data-qi-lang"));
    } catch (error) {
      /* Storage switched off: the root keeps following the browser's languages. */
    }
  });
})();

/*
 * An insight's "Copy link" (templates/main.html): shown only where the script and the
 * clipboard are; says so when done. The other share links need no script.
 */
(function () {
  "use strict";
  var button = document.querySelector(".qi-share__copy");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  var label = button.textContent;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
      button.textContent = button.getAttribute("data-done");
      setTimeout(function () { button.textContent = label; }, 2000);
    }, function () { /* refused: the address bar still has it */ });
  });
})();
