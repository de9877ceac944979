// Sortable tables on index pages (tablesort 5.6.0, MIT, vendored from npm; see vendor/).
// Material's instant navigation swaps pages without reloading: re-run on every page.
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    if (!table.tHead || !table.tHead.textContent.trim()) return; // fact tables have no headings
    new Tablesort(table);
  });
});
