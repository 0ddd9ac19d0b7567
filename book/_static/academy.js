/*
 * Maple Street Mart CRM Academy - small fixes on top of sphinx-book-theme.
 *
 * Phone sidebar fix: pydata-sphinx-theme 0.17 binds its "open the sidebar dialog" handler
 * only to the FIRST `.primary-toggle` (and `.secondary-toggle`) in the page, which is the
 * navbar button that sphinx-book-theme hides. The button readers actually see (in the article
 * header) therefore does nothing. We forward clicks on every other toggle to the first one,
 * so the theme's own code opens the dialog (phone) or collapses the sidebar (desktop).
 */
(function () {
  "use strict";

  function forwardToggles(selector) {
    var toggles = document.querySelectorAll(selector);
    if (toggles.length < 2) {
      return;
    }
    var primary = toggles[0];
    for (var i = 1; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        primary.click();
      });
    }
  }

  /* A wide output table scrolls inside its own box (academy.css); a box that really scrolls
     must be reachable from the keyboard, so it gets a tab stop and a name (axe rule
     scrollable-region-focusable). Checked again when the window size changes. */
  function focusableScrollers() {
    var boxes = document.querySelectorAll(".bd-article div.output.text_html");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scroll sideways to see all of it)");
      }
    }
  }

  function init() {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
    focusableScrollers();
    window.addEventListener("resize", focusableScrollers);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
