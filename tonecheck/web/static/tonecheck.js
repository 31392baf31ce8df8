/* tonecheck's page: drag-and-drop on the upload field, pasted text kept while it is
   sent, the card buttons ("Overnemen", "Afgehandeld", "Negeren") with their counts, kept in this tab
   until the download, the download itself, and focus that follows the links between
   highlights and cards. The page works without this script; it only adds to it. No
   external requests. */
(function () {
  "use strict";

  var STATE_LABELS = { done: "Afgehandeld", ignore: "Genegeerd" };
  var STORE_PREFIX = "tonecheck:markeringen:";
  var DRAFT_KEY = "tonecheck:tekst";
  var CONNECTION_LOST = "De verbinding met tonecheck viel weg. Probeer het opnieuw.";

  function setUpDropzone() {
    var zone = document.querySelector("[data-dropzone]");
    if (!zone) return;
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector("[data-chosen]");
    function showChoice() {
      chosen.textContent = input.files && input.files.length
        ? "Gekozen: " + input.files[0].name
        : "";
    }
    input.addEventListener("change", showChoice);
    zone.addEventListener("dragover", function (event) {
      event.preventDefault();
      zone.classList.add("is-over");
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("is-over");
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("is-over");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showChoice();
      }
    });
  }

  // Pasted text is kept in this tab while the letter is sent: the server puts it back
  // after an error, but an upload over the limit is refused before it is read.
  function setUpDraft() {
    var form = document.querySelector("form.tc-upload");
    var text = form && form.querySelector("textarea");
    try {
      if (!form) {
        if (document.querySelector("[data-result]")) sessionStorage.removeItem(DRAFT_KEY);
        return;
      }
      if (!text.value && sessionStorage.getItem(DRAFT_KEY)) {
        text.value = sessionStorage.getItem(DRAFT_KEY);
      }
      form.addEventListener("submit", function () {
        try {
          sessionStorage.setItem(DRAFT_KEY, text.value);
        } catch (error) { /* storage full: the server keeps what it reads */ }
      });
    } catch (error) { /* storage switched off: the server keeps what it read */ }
  }

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-card]"));
  }

  function updateCounts() {
    var all = cards();
    var open = all.filter(function (card) { return card.dataset.state === "open"; });
    var total = document.querySelector("[data-open-total]");
    if (total) {
      total.textContent = "Nog " + open.length + " van " + all.length + " open.";
    }
    document.querySelectorAll("[data-open-count]").forEach(function (cell) {
      var category = cell.dataset.openCount;
      cell.textContent = String(open.filter(function (card) {
        return card.dataset.category === category;
      }).length);
    });
    var closed = {};
    all.forEach(function (card) {
      if (card.dataset.state !== "open") closed[card.dataset.number] = true;
    });
    document.querySelectorAll("mark[data-cards]").forEach(function (mark) {
      var numbers = mark.dataset.cards.split(" ");
      mark.classList.toggle("is-closed", numbers.every(function (n) { return closed[n]; }));
    });
  }

  function syncDownloadForm() {
    var form = document.querySelector("[data-download]");
    if (!form) return;
    form.querySelectorAll("[data-skip]").forEach(function (input) { input.remove(); });
    function add(name, value) {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = value;
      field.setAttribute("data-skip", "");
      form.appendChild(field);
    }
    // ignored findings are left out, done ones become resolved comments in Word, the
    // rewrites taken over tracked changes
    cards().forEach(function (card) {
      if (card.dataset.state === "done") add("done", card.dataset.key);
      if (isTaken(card) && card.dataset.state !== "ignore") add("take", card.dataset.key);
      if (card.dataset.state !== "ignore") return;
      add("skip", card.dataset.key);
      var reason = card.querySelector("[data-reason-input]").value.trim();
      if (reason) add("reason:" + card.dataset.key, reason);
    });
  }

  function isTaken(card) {
    return card.dataset.taken === "true";
  }

  // "Overnemen": the card's rewrite goes into the download as a tracked change
  function setTaken(card, taken) {
    var button = card.querySelector("[data-take]");
    if (!button) return;
    card.dataset.taken = String(taken);
    button.setAttribute("aria-pressed", String(taken));
    card.querySelector("[data-taken-label]").hidden = !taken;
  }

  function setState(card, state) {
    card.dataset.state = state;
    if (state === "ignore") setTaken(card, false);
    card.querySelectorAll("[data-action]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.action === state));
    });
    var label = card.querySelector("[data-state-label]");
    label.hidden = state === "open";
    label.textContent = STATE_LABELS[state] || "";
    card.querySelector("[data-reason]").hidden = state !== "ignore";
    updateCounts();
    syncDownloadForm();
    saveMarks();
  }

  // The marks are kept in this tab (sessionStorage) under the letter's digest until the
  // letter is downloaded: a refused download, "Een andere brief controleren" or the
  // Back button lose nothing, and checking the same letter again brings them back.
  function storeKey() {
    var list = document.querySelector("[data-letter]");
    return list ? STORE_PREFIX + list.dataset.letter : null;
  }

  function saveMarks() {
    var key = storeKey();
    if (!key) return;
    var marks = {};
    cards().forEach(function (card) {
      if (card.dataset.state === "open" && !isTaken(card)) return;
      var reason = card.querySelector("[data-reason-input]").value;
      marks[card.dataset.key] = {
        state: card.dataset.state, reason: reason, taken: isTaken(card)
      };
    });
    try {
      if (Object.keys(marks).length) sessionStorage.setItem(key, JSON.stringify(marks));
      else sessionStorage.removeItem(key);
    } catch (error) { /* storage switched off or full: the marks stay on the page */ }
  }

  function restoreMarks() {
    var key = storeKey();
    var marks = {};
    try {
      marks = (key && JSON.parse(sessionStorage.getItem(key) || "{}")) || {};
    } catch (error) { return; }
    cards().forEach(function (card) {
      var mark = marks[card.dataset.key];
      if (!mark) return;
      setTaken(card, mark.taken === true);
      if (!STATE_LABELS[mark.state]) {
        syncDownloadForm();
        return;
      }
      card.querySelector("[data-reason-input]").value = mark.reason || "";
      setState(card, mark.state);
    });
  }

  function forgetMarks() {
    try { sessionStorage.removeItem(storeKey()); } catch (error) { /* nothing kept */ }
  }

  function setUpCards() {
    cards().forEach(function (card) {
      card.querySelector("[data-actions]").hidden = false;
      card.querySelectorAll("[data-action]").forEach(function (button) {
        button.addEventListener("click", function () {
          var wanted = button.dataset.action;
          setState(card, card.dataset.state === wanted ? "open" : wanted);
          if (wanted === "ignore" && card.dataset.state === "ignore") {
            card.querySelector("[data-reason-input]").focus();
          }
        });
      });
      var take = card.querySelector("[data-take]");
      if (take) {
        take.addEventListener("click", function () {
          setTaken(card, !isTaken(card));
          if (isTaken(card) && card.dataset.state === "ignore") setState(card, "open");
          syncDownloadForm();
          saveMarks();
        });
      }
      card.querySelector("[data-reason-input]").addEventListener("input", function () {
        syncDownloadForm();
        saveMarks();
      });
    });
    restoreMarks();
  }

  // With scripts the download is fetched, so a refusal (an expired form, a letter that
  // cannot be read) shows beside the button and the page, with its marks, stays.
  function setUpDownload() {
    var form = document.querySelector("[data-download]");
    if (!form || !window.fetch) return;
    var problem = form.querySelector("[data-download-error]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      syncDownloadForm();
      button.disabled = true;
      problem.hidden = true;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) return response.text().then(function (page) {
            showProblem(problem, alertOf(page));
          });
          return response.blob().then(function (blob) {
            save(blob, fileName(response.headers.get("content-disposition")));
            forgetMarks();
          });
        })
        .catch(function () { showProblem(problem, CONNECTION_LOST); })
        .then(function () { button.disabled = false; });
    });
  }

  function alertOf(page) {
    var alert = new DOMParser().parseFromString(page, "text/html").querySelector("[role=alert] p");
    return alert ? alert.textContent.trim() : CONNECTION_LOST;
  }

  function showProblem(problem, text) {
    problem.querySelector("p").textContent = text;
    problem.hidden = false;
  }

  function fileName(disposition) {
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (encoded) return decodeURIComponent(encoded[1]);
    var plain = /filename="([^"]+)"/i.exec(disposition || "");
    return plain ? plain[1] : "brief.tonecheck.docx";
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // The result page is the answer to a form post: made a plain entry in the history, the
  // Back button returns to it (or to the form) without "Confirm Form Resubmission".
  function forgetThePost() {
    if (document.querySelector("[data-result]")) history.replaceState(null, "", location.href);
  }

  // A link within the page moves the focus to what it points at: "Naar de tekst" to the
  // highlighted words (the browser itself would focus the page, the target being an
  // empty anchor), a finding's number or a highlight to its card.
  function goTo(id) {
    var target = document.getElementById(id);
    if (!target) return false;
    if (target.classList.contains("tc-anchor")) {
      var mark = target.nextElementSibling;
      while (mark && mark.tagName !== "MARK") mark = mark.nextElementSibling;
      target = mark || target;
    }
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    history.pushState(null, "", "#" + id);
    target.focus();
    return true;
  }

  function setUpLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var mark = event.target.closest("mark[data-cards]");
      var id = link ? link.getAttribute("href").slice(1)
        : mark ? "f" + mark.dataset.cards.split(" ")[0] : null;
      if (id && goTo(id)) event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpDropzone();
    setUpDraft();
    setUpCards();
    setUpLinks();
    setUpDownload();
    forgetThePost();
  });
})();
