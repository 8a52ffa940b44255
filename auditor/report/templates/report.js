// Contact-sheet filters, shareable through the URL fragment. Without JavaScript every card stays visible and the controls stay
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

  // Filter state lives in the URL fragment ("#q=ada&issue=blurry&severity=error"), so a
  // filtered view can be shared as a link. Section and card anchors ("#photo-3") have no "=",
  // so they never read as filters, and following one keeps the filters as they are.
  function isFilterHash(hash) { return hash.indexOf("=") !== -1; }

  function readHash() {
    var hash = window.location.hash.replace(/^#/, "");
    if (!isFilterHash(hash)) { return false; }
    var params = new URLSearchParams(hash);
    search.value = params.get("q") || "";
    flag.value = params.get("issue") || "";
    severity.value = params.get("severity") || "";
    if (flag.selectedIndex === -1) { flag.value = ""; }
    if (severity.selectedIndex === -1) { severity.value = ""; }
    return true;
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (search.value.trim()) { params.set("q", search.value.trim()); }
    if (flag.value) { params.set("issue", flag.value); }
    if (severity.value) { params.set("severity", severity.value); }
    var text = params.toString();
    var current = window.location.hash.replace(/^#/, "");
    if (!text && !isFilterHash(current)) { return; }  // keep a section anchor
    var url = window.location.href.split("#")[0] + (text ? "#" + text : "");
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {
      window.location.replace(url);  // some file: origins refuse replaceState
    }
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

  function changed() { apply(); writeHash(); }

  filters.hidden = false;
  search.addEventListener("input", changed);
  flag.addEventListener("change", changed);
  severity.addEventListener("change", changed);
  window.addEventListener("hashchange", function () { if (readHash()) { apply(); } });
  readHash();
  apply();

  // Printing shows every card, whatever the filters say. Measure tables print as the reader
  // left them (open or closed): dozens of numbers per photo would bury the flags on paper.
  window.addEventListener("beforeprint", function () {
    cards.forEach(function (card) { card.hidden = false; });
  });
  window.addEventListener("afterprint", apply);
})();
