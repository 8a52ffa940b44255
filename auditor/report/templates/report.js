// Contact-sheet filters. Without JavaScript every card stays visible and the controls stay
// hidden, so the page degrades to a plain list. No network, no libraries.
(function () {
  "use strict";
  var filters = document.getElementById("filters");
  var list = document.getElementById("cards");
  if (!filters || !list) { return; }
  var search = document.getElementById("filter-search");
  var flag = document.getElementById("filter-flag");
  var severity = document.getElementById("filter-severity");
  var count = document.getElementById("filter-count");
  var noMatch = document.getElementById("no-match");
  var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));

  // Same normalisation as view.search_key: "zoe" finds "Zoë".
  function normalise(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function apply() {
    var query = normalise(search.value.trim());
    var code = flag.value;
    var level = severity.value;
    var shown = 0;
    cards.forEach(function (card) {
      var codes = (card.getAttribute("data-flags") || "").split(" ");
      var visible =
        (!code || codes.indexOf(code) !== -1) &&
        (!level || card.getAttribute("data-severity") === level) &&
        (!query || (card.getAttribute("data-search") || "").indexOf(query) !== -1);
      card.hidden = !visible;
      if (visible) { shown += 1; }
    });
    count.textContent = shown === cards.length
      ? "Showing all " + cards.length + " photos"
      : "Showing " + shown + " of " + cards.length + " photos";
    noMatch.hidden = shown !== 0;
  }

  filters.hidden = false;
  search.addEventListener("input", apply);
  flag.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  apply();

  // Printing shows every card, whatever the filters say. Measure tables print as the reader
  // left them (open or closed): dozens of numbers per photo would bury the flags on paper.
  window.addEventListener("beforeprint", function () {
    cards.forEach(function (card) { card.hidden = false; });
  });
  window.addEventListener("afterprint", apply);
})();
