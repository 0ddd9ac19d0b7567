/*
 * Maple Street Mart CRM Academy - the completion certificate (book/trainers/assessment).
 *
 * The trainer types the learner's name, picks the part, the date and their own name; we copy
 * them into the certificate with textContent (never innerHTML: a name is shown exactly as
 * typed, even "<b>Li</b>") and print. Nothing is stored or sent anywhere.
 */
(function () {
  "use strict";

  function el(selector) {
    return document.querySelector(selector);
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* Fill the certificate; returns false (and says why) when the name is missing. */
  function fill() {
    var name = el("#sq-cert-name").value.trim();
    var message = el(".sq-cert-message");
    var certificate = el(".sq-certificate");
    if (!name) {
      message.textContent = "Type the learner's name first.";
      certificate.hidden = true;
      el("#sq-cert-name").focus();
      return false;
    }
    message.textContent = "";
    var date = el("#sq-cert-date").value || today();
    var trainer = el("#sq-cert-trainer").value.trim();
    certificate.querySelector(".sq-cert-name").textContent = name;
    certificate.querySelector(".sq-cert-part").textContent = el("#sq-cert-part").value;
    certificate.querySelector(".sq-cert-date").textContent = date;
    /* A blank line to sign on when no trainer name was typed. */
    certificate.querySelector(".sq-cert-trainer").textContent =
      trainer || "\u00a0".repeat(30);
    certificate.hidden = false;
    return true;
  }

  function init() {
    if (!el(".sq-cert-form")) {
      return;
    }
    if (!el("#sq-cert-date").value) {
      el("#sq-cert-date").value = today();
    }
    el(".sq-cert-show").addEventListener("click", fill);
    el(".sq-cert-print").addEventListener("click", function () {
      if (fill()) {
        window.print();
      }
    });
    el(".sq-cert-form").addEventListener("submit", function (event) {
      event.preventDefault();
      fill();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
