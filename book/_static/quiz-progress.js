/*
 * Maple Street Mart CRM Academy - quiz progress kept in the learner's own browser.
 *
 * Why: a new hire does the self-checks over several days, often on a phone, with no login.
 * Each answer is stored in this browser's localStorage (nothing leaves the device). The
 * quizzes page shows progress per module, offers a reset, and lets the learner save a small
 * results file to hand to the trainer (`storecrm quiz results FILES...` summarises a group).
 *
 * Each question's number carries its bank id and objective (data-sq-id, data-sq-objective;
 * see storecrm.quiz.render_jupyterquiz). jupyterquiz marks the question's Feedback box
 * "correct" or "incorrect" after a click or an Enter; we read that verdict just after.
 *
 * An end-of-part assessment page records under "assessment-P:<id>" (its own ids, so a question
 * met before on a module quiz page starts afresh) and shows the part's score in its
 * .sq-assessment box; "Start this part again" forgets that part's answers only.
 */
(function () {
  "use strict";

  var KEY = "storecrm-quiz-progress-v1";
  var FORMAT = "storecrm-quiz-results/1";

  function empty() {
    return { format: FORMAT, answers: {} };
  }

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (data && typeof data === "object" && data.answers && typeof data.answers === "object") {
        return data;
      }
    } catch (e) {
      /* storage blocked or damaged: start again rather than break the quiz */
    }
    return empty();
  }

  function save(data) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(data));
      return true;
    } catch (e) {
      return false; /* private mode or storage full: the quiz still works, nothing is kept */
    }
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* Record the verdict jupyterquiz has just shown for the question in `wrapper`. */
  function record(wrapper) {
    var tag = wrapper.querySelector("[data-sq-id]");
    var feedback = wrapper.querySelector(".Feedback");
    if (!tag || !feedback) {
      return;
    }
    var right = feedback.classList.contains("correct");
    if (!right && !feedback.classList.contains("incorrect")) {
      return;
    }
    var data = load();
    var id = tag.getAttribute("data-sq-id");
    var answer = data.answers[id];
    if (!answer) {
      answer = data.answers[id] = {
        objective: tag.getAttribute("data-sq-objective") || "",
        first_right: right,
        tries: 0,
      };
    }
    answer.tries += 1;
    answer.last_right = right;
    answer.date = today();
    save(data);
    showAssessment();
  }

  function onAnswer(event) {
    if (event.type === "keydown" && event.key !== "Enter") {
      return;
    }
    var target = event.target;
    /* A click on an option's label also clicks its (hidden) input: count the input only, so
       one answer is one try, whether it came from a tap, a click or the keyboard. */
    if (event.type === "click" && !(target && target.tagName === "INPUT")) {
      return;
    }
    var wrapper = target && target.closest ? target.closest("div.Quiz") : null;
    if (!wrapper) {
      return;
    }
    /* jupyterquiz updates the Feedback box in its own handler: read it afterwards. */
    window.setTimeout(function () {
      record(wrapper);
    }, 0);
  }

  function moduleOf(id) {
    var match = /^m(\d+)-/.exec(id);
    return match ? match[1] : "";
  }

  /* Fill the progress table on the quizzes page (rows carry data-module and data-total). */
  function showProgress() {
    var table = document.querySelector("table.sq-progress");
    if (!table) {
      return;
    }
    var data = load();
    var counts = {};
    Object.keys(data.answers).forEach(function (id) {
      var module = moduleOf(id);
      counts[module] = counts[module] || { answered: 0, first: 0 };
      counts[module].answered += 1;
      if (data.answers[id].first_right) {
        counts[module].first += 1;
      }
    });
    var rows = table.querySelectorAll("tr[data-module]");
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var c = counts[row.getAttribute("data-module")] || { answered: 0, first: 0 };
      var total = Number(row.getAttribute("data-total"));
      row.querySelector(".sq-answered").textContent = c.answered + " of " + total;
      row.querySelector(".sq-first").textContent = c.answered ? String(c.first) : "–";
    }
    var status = document.querySelector(".sq-progress-status");
    if (status) {
      var n = Object.keys(data.answers).length;
      status.textContent = n
        ? n + " answers are kept in this browser."
        : "No answers are kept in this browser yet.";
    }
  }

  /* The assessment page's score box: answers kept under its prefix, against the pass mark. */
  function showAssessment() {
    var box = document.querySelector(".sq-assessment");
    if (!box) {
      return;
    }
    var prefix = box.getAttribute("data-sq-prefix");
    var total = Number(box.getAttribute("data-sq-total"));
    var needed = Number(box.getAttribute("data-sq-pass"));
    var data = load();
    var answered = 0;
    var right = 0;
    Object.keys(data.answers).forEach(function (id) {
      if (id.indexOf(prefix) === 0) {
        answered += 1;
        if (data.answers[id].first_right) {
          right += 1;
        }
      }
    });
    var text = "Answered " + answered + " of " + total + "; right at the first try: " + right +
      ". Pass mark: " + needed + " right.";
    if (right >= needed) {
      text += " Passed: save your results and give the file to your trainer.";
    } else if (answered === total) {
      text += " Not passed yet: go over the modules with your trainer, then start again.";
    }
    box.querySelector(".sq-assessment-status").textContent = text;
  }

  function resetAssessment() {
    var box = document.querySelector(".sq-assessment");
    if (!box || !window.confirm("Forget your answers to this part's assessment and start again?")) {
      return;
    }
    var prefix = box.getAttribute("data-sq-prefix");
    var data = load();
    Object.keys(data.answers).forEach(function (id) {
      if (id.indexOf(prefix) === 0) {
        delete data.answers[id];
      }
    });
    save(data);
    window.location.reload(); /* the questions show no earlier verdicts after a reload */
  }

  function download() {
    var data = load();
    var nameBox = document.querySelector("#sq-learner-name");
    var name = nameBox ? nameBox.value.trim() : "";
    if (!name) {
      window.alert("Type your name or initials first, so your trainer knows whose file it is.");
      if (nameBox) {
        nameBox.focus();
      }
      return;
    }
    var out = { format: FORMAT, learner: name, saved: today(), answers: data.answers };
    var blob = new Blob([JSON.stringify(out, null, 1)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "quiz-results-" + name.replace(/[^A-Za-z0-9\u4e00-\u9fff_-]+/g, "-") + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function reset() {
    if (window.confirm("Forget every quiz answer kept in this browser?")) {
      try {
        window.localStorage.removeItem(KEY);
      } catch (e) {
        /* nothing was kept */
      }
      showProgress();
    }
  }

  function init() {
    // Capture phase: jupyterquiz's own handlers may stop the event before it bubbles up.
    document.addEventListener("click", onAnswer, true);
    document.addEventListener("keydown", onAnswer, true);
    var resetButton = document.querySelector(".sq-progress-reset");
    if (resetButton) {
      resetButton.addEventListener("click", reset);
    }
    var saveButton = document.querySelector(".sq-progress-download");
    if (saveButton) {
      saveButton.addEventListener("click", download);
    }
    var again = document.querySelector(".sq-assessment-reset");
    if (again) {
      again.addEventListener("click", resetAssessment);
    }
    showProgress();
    showAssessment();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
