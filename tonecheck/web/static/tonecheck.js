/* tonecheck's page: drag-and-drop on the upload field, and the card buttons
   ("Afgehandeld", "Negeren") with their counts. The page works without this script;
   it only adds to it. No external requests. */
(function () {
  "use strict";

  var STATE_LABELS = { done: "Afgehandeld", ignore: "Genegeerd" };

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
    cards().forEach(function (card) {
      if (card.dataset.state !== "ignore") return;
      var skip = document.createElement("input");
      skip.type = "hidden";
      skip.name = "skip";
      skip.value = card.dataset.key;
      skip.setAttribute("data-skip", "");
      form.appendChild(skip);
      var reason = card.querySelector("[data-reason-input]").value.trim();
      if (reason) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "reason:" + card.dataset.key;
        field.value = reason;
        field.setAttribute("data-skip", "");
        form.appendChild(field);
      }
    });
  }

  function setState(card, state) {
    card.dataset.state = state;
    card.querySelectorAll("[data-action]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.action === state));
    });
    var label = card.querySelector("[data-state-label]");
    label.hidden = state === "open";
    label.textContent = STATE_LABELS[state] || "";
    card.querySelector("[data-reason]").hidden = state !== "ignore";
    updateCounts();
    syncDownloadForm();
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
      card.querySelector("[data-reason-input]").addEventListener("input", syncDownloadForm);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpDropzone();
    setUpCards();
  });
})();
