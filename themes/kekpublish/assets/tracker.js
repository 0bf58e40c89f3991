/* kekpublish tracker filters: progressive enhancement of a complete table.
   Without JavaScript every action stays visible; with it, the filter form is
   revealed and rows not matching study, owner, status and overdue are hidden.
   The number of visible rows is announced through an aria-live paragraph.
   Works with Material's instant navigation (document$) and without it. */
(function () {
  "use strict";

  function setup(root) {
    var box = root.querySelector("[data-kek-filter]");
    var form = root.querySelector("[data-kek-filter-form]");
    var table = root.querySelector("[data-kek-filter-table]");
    var count = root.querySelector("[data-kek-filter-count]");
    if (!box || !form || !table || form.dataset.kekReady) return;
    form.dataset.kekReady = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);

    function apply() {
      var study = form.elements.study.value;
      var owner = form.elements.owner.value;
      var status = form.elements.status.value;
      var overdue = form.elements.overdue.checked;
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var match = (!study || d.study === study) && (!owner || d.owner === owner) &&
          (!status || d.status === status) && (!overdue || d.overdue === "true");
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) {
        count.textContent = count.dataset.template
          .replace("{shown}", shown).replace("{total}", rows.length);
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    box.hidden = false;
    // Open on a wide screen; on a phone folded, so the first actions and their status stay on the first screen.
    box.open = !window.matchMedia || window.matchMedia("(min-width: 45em)").matches;
    apply();
  }

  function init() { setup(document); }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
