// The site's search and the index pages' filters, over Pagefind's index (built after `mkdocs build`
// into pagefind/ by build_scripts/pipeline.py). Nothing is fetched until the reader opens search or
// asks for the filters: then pagefind.js, its WebAssembly and only the index chunks a query needs.
// The dialog is Material's own markup (overrides/partials/search.html): `/`, `s` or `f` opens it,
// Esc closes it, the arrow keys move through the results and Enter follows one.
// Text from the index is written with textContent; Pagefind's excerpt is HTML it escaped itself
// (entities encoded, then <mark>), so it is the one value set as HTML.
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src); // this file is assets/javascripts/search.js
  var PAGE = 10; // results shown at a time in the search dialog
  var ROWS = 100; // rows shown at a time in a filtered index
  // The index is four Pagefind bundles (build_scripts/searchindex.py): the main one (incidents and
  // hand-written pages) answers first; a word it does not have is looked for next in the stored
  // texts' bundle (small: the sources with a stored copy); then the other sources' and the claimants'
  // bundles are merged in too and the query runs again over all of them. Each bundle's metadata file
  // lists all its pages, so the first results wait for the main one (and the texts') only. A part
  // with no page has no bundle: pagefind/parts.json lists those that have one.
  var MAIN = "pagefind/";
  var TEXTS = "pagefind/texts/";
  var PARTS = [TEXTS, "pagefind/sources/", "pagefind/claimants/"];
  // an index page's filters: the bundle of its records' stand-ins (title and search block only, with
  // the sort key that the search's own bundles leave out), pagefind/records/<kind>/
  var RECORDS = "pagefind/records/";
  var loading = {};
  var merged = {}; // per bundle, per part merged into it: the merge (once each)

  function pagefind(bundle) {
    bundle = bundle || MAIN;
    if (!loading[bundle]) {
      loading[bundle] = import(new URL(bundle + "pagefind.js", ROOT).href).then(function (api) {
        return api.options({ baseUrl: ROOT.pathname }).then(function () { return api.init(); }).then(function () { return api; });
      });
      loading[bundle].catch(function () { loading[bundle] = null; });
    }
    return loading[bundle];
  }

  var listed = null; // pagefind/parts.json: the parts that have a bundle (a part with no page has none)
  function present(part) {
    if (!listed) {
      listed = fetch(new URL(MAIN + "parts.json", ROOT).href).then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return listed.then(function (parts) {
      if (parts.indexOf(part.slice(MAIN.length, -1)) < 0) return false;
      // a listed part that cannot be reached is left out: a failed merge would stall every later search
      return fetch(new URL(part + "pagefind-entry.json", ROOT).href, { method: "HEAD" })
        .then(function (response) { return response.ok; }, function () { return false; });
    });
  }

  // ``bundle`` with ``parts`` merged into its search (those that exist; each once)
  function withParts(bundle, parts) {
    return pagefind(bundle).then(function (api) {
      var done = merged[bundle] = merged[bundle] || {};
      return Promise.all(parts.map(function (part) {
        if (!done[part]) {
          done[part] = present(part).then(function (there) {
            return there ? api.mergeIndex(new URL(part, ROOT).pathname) : null;
          });
        }
        return done[part];
      })).then(function () { return api; });
    });
  }

  var texts = null; // the stored texts merged into the main one's search (once: when a word has no match there)
  var merging = null; // every part's bundle merged into the main one's search (once)
  function mergeParts() {
    if (!merging) merging = withParts(MAIN, PARTS);
    return merging;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A filter box's words come from the page (data-chs-filter-words, written from the interface's
  // messages file by the generator): this script holds no phrase of its own. {count} is filled here.
  function wordsOf(box) {
    return JSON.parse(box.dataset.chsFilterWords || "{}");
  }
  function fill(text, count, language) {
    return String(text || "").replace("{count}", count.toLocaleString(language || document.documentElement.lang || undefined));
  }

  // --- the search dialog -------------------------------------------------------------------------

  var toggle = document.getElementById("__search");
  var dialog = document.querySelector("[data-chs-search]");
  if (toggle && dialog) setUpSearch(toggle, dialog);

  function setUpSearch(toggle, dialog) {
    var words = JSON.parse(dialog.dataset.chsSearchWords || "{}"); // from the messages file (search.html)
    var input = dialog.querySelector("[data-chs-search-query]");
    var meta = dialog.querySelector("[data-chs-search-meta]");
    var list = dialog.querySelector("[data-chs-search-list]");
    var more = dialog.querySelector("[data-chs-search-more]");
    var form = input.form;
    var current = { results: [], shown: 0, query: "" };

    function open() {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      input.focus();
      input.select();
    }
    function close() {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
      input.blur();
    }
    function links() {
      return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    }

    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        meta.textContent = input.value ? meta.textContent : words.idle || "";
        pagefind().catch(function () { meta.textContent = words.unavailable || ""; });
        setTimeout(function () { input.focus(); }, 0);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(""); input.focus(); }, 0);
    });
    input.addEventListener("input", function () { run(input.value); });
    more.addEventListener("click", function () { show(current, PAGE); });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) close();
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (!toggle.checked) {
        if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
          event.preventDefault();
          open();
        }
        return;
      }
      var items = links();
      var index = items.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!items.length) return;
        var next = event.key === "ArrowDown" ? index + 1 : index - 1;
        if (next < 0) { input.focus(); return; }
        items[Math.min(next, items.length - 1)].focus();
      } else if (index >= 0 && event.key.length === 1) {
        input.focus(); // typing on a result goes on in the query
      }
    });

    function run(query) {
      var term = query.trim();
      current = { results: [], shown: 0, query: term };
      delete meta.dataset.chsSearchComplete;
      if (!term) {
        list.replaceChildren();
        more.hidden = true;
        meta.textContent = words.idle || "";
        return;
      }
      var state = current;
      // while the parts are being merged, a query waits for them (a search must not meet a bundle half-loaded)
      pagefind().then(function (api) { return merging || texts || api; }).then(function (api) {
        var complete = merging !== null;
        return api.debouncedSearch(term, {}, 150).then(function (search) { return [api, search, complete]; });
      }).then(function (found) {
        var api = found[0], search = found[1], complete = found[2];
        if (search === null || state !== current) return; // a newer query is on its way
        if (!complete && !search.results.length && !texts) { // nothing among the incidents: the stored texts next
          meta.textContent = words.searching || "";
          texts = withParts(MAIN, [TEXTS]).catch(function () { return pagefind(); }); // texts unreachable: go on
          var again = function () { if (state === current) run(term); };
          texts.then(again, again);
          return;
        }
        if (!complete && !search.results.length) { // nothing among the incidents nor the texts: wait for the rest
          meta.textContent = words.searching || "";
        } else {
          render(state, search, complete, PAGE);
        }
        if (!complete) {
          mergeParts().then(function () {
            if (state !== current) return;
            return api.search(term, {}).then(function (all) {
              if (state === current) render(state, all, true, Math.max(PAGE, state.shown));
            });
          }).catch(function () { // a part's bundle missing: the main bundle's results are all there is
            if (state !== current) return;
            render(state, search, true, Math.max(PAGE, state.shown));
          });
        }
      }).catch(function () {
        meta.textContent = words.unavailable || "";
      });
    }

    // The list is replaced when the new results' fragments have come (no empty list in between, and
    // a redraw with the merged results does not flicker); the "complete" mark is set then.
    function render(state, search, complete, count) {
      var focused = list.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
      state.results = search.results;
      state.shown = 0;
      var n = search.results.length, form = n === 1 ? "one" : "other";
      var found = n ? fill((words[complete ? "matches" : "partial"] || {})[form], n, words.language) : words.none || "";
      meta.textContent = found;
      show(state, count, focused, complete ? "complete" : "first");
    }

    function show(state, count, focused, redraw) {
      var results = state.results;
      var slice = results.slice(state.shown, state.shown + count);
      state.shown += slice.length;
      more.hidden = state.shown >= results.length;
      Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
        if (state !== current || results !== state.results) return;
        var items = pages.map(resultItem);
        if (redraw) list.replaceChildren.apply(list, items);
        else items.forEach(function (item) { list.appendChild(item); });
        if (redraw === "complete") meta.dataset.chsSearchComplete = "1";
        var again = focused && links().filter(function (link) { return link.getAttribute("href") === focused; })[0];
        if (again) again.focus(); // the merged results replaced the list under the reader's focus
      });
    }
  }

  function resultItem(page) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = page.url;
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    if (page.meta.what) article.appendChild(element("div", "chs-search-kind", page.meta.what));
    article.appendChild(element("h1", "", page.meta.title || page.url));
    var excerpt = element("p");
    excerpt.innerHTML = page.excerpt; // escaped by Pagefind (see above)
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // --- the index pages' filters ------------------------------------------------------------------
  // <div data-chs-filters="incident" data-chs-filter-keys="country:Country year:Year …"> on an index
  // page: the reader ticks values (any of the ticked values within a group, every group), each value
  // with the number of records it would give; the records come from the same index, in a table.

  if (typeof document$ !== "undefined") document$.subscribe(mountFilters);

  function mountFilters() {
    document.querySelectorAll("[data-chs-filters]").forEach(function (box) {
      if (box.dataset.chsMounted) return;
      box.dataset.chsMounted = "1";
      box.hidden = false;
      var start = box.querySelector("[data-chs-filters-start]");
      var words = wordsOf(box);
      start.addEventListener("click", function () {
        start.disabled = true;
        start.textContent = words.loading || "";
        pagefind(RECORDS + box.dataset.chsFilters + "/").then(function (api) { return api.filters().then(function (all) { return [api, all]; }); })
          .then(function (loaded) { buildFilters(box, loaded[0], loaded[1]); start.hidden = true; })
          .catch(function () { start.textContent = words.unavailable || ""; });
      });
    });
  }

  function buildFilters(box, api, all) {
    var record = box.dataset.chsFilters;
    var keys = box.dataset.chsFilterKeys.split(" ").map(function (pair) {
      var cut = pair.indexOf(":");
      return { key: pair.slice(0, cut), label: pair.slice(cut + 1).replace(/_/g, " ") };
    });
    var words = wordsOf(box);
    var columns = (box.dataset.chsFilterColumns || "").split(" ").filter(Boolean);
    var panel = box.querySelector("[data-chs-filters-panel]");
    var summary = box.querySelector("[data-chs-filters-summary]");
    var output = box.querySelector("[data-chs-filters-results]");
    var replaced = document.querySelectorAll("[data-chs-filters-replaces]");
    var ticked = {};
    var boxes = {};
    keys.forEach(function (spec) {
      var values = Object.keys(all[spec.key] || {}).sort(function (a, b) { return a.localeCompare(b, "en", { numeric: true }); });
      if (spec.key === "year") values.reverse();
      var group = element("fieldset", "chs-filter-group");
      group.appendChild(element("legend", "", spec.label));
      boxes[spec.key] = {};
      ticked[spec.key] = [];
      values.forEach(function (value) {
        var label = element("label", "chs-filter-value");
        var tick = element("input");
        tick.type = "checkbox";
        tick.value = value;
        tick.dataset.key = spec.key;
        tick.addEventListener("change", update);
        var count = element("span", "chs-filter-count");
        label.append(tick, " ", element("span", "", value), " ", count);
        group.appendChild(label);
        boxes[spec.key][value] = { tick: tick, count: count, label: label };
      });
      panel.appendChild(group);
    });
    var clear = element("button", "md-button", words.clear || "");
    clear.type = "button";
    clear.addEventListener("click", function () {
      panel.querySelectorAll("input:checked").forEach(function (tick) { tick.checked = false; });
      update();
    });
    panel.appendChild(clear);
    panel.hidden = false;
    var generation = 0;
    update();

    function query(except) {
      var filters = { record: record };
      keys.forEach(function (spec) {
        if (spec.key !== except && ticked[spec.key].length) filters[spec.key] = { any: ticked[spec.key] };
      });
      return api.search(null, { filters: filters, sort: box.dataset.chsFilterSort ? JSON.parse(box.dataset.chsFilterSort) : undefined });
    }

    function update() {
      var mine = ++generation;
      keys.forEach(function (spec) {
        ticked[spec.key] = Object.keys(boxes[spec.key]).filter(function (v) { return boxes[spec.key][v].tick.checked; });
      });
      var active = keys.some(function (spec) { return ticked[spec.key].length; });
      // each group's counts: the records that the other groups' ticks leave, with this value
      Promise.all([query(null)].concat(keys.map(function (spec) { return query(spec.key); }))).then(function (searches) {
        if (mine !== generation) return;
        keys.forEach(function (spec, i) {
          var counts = searches[i + 1].filters[spec.key] || {};
          Object.keys(boxes[spec.key]).forEach(function (value) {
            var n = counts[value] || 0;
            boxes[spec.key][value].count.textContent = fill(words.count, n, words.language);
            boxes[spec.key][value].label.classList.toggle("chs-filter-value--none", n === 0);
          });
        });
        var results = searches[0].results;
        summary.textContent = active ? fill((words.matches || {})[results.length === 1 ? "one" : "other"], results.length, words.language) : words.idle || "";
        replaced.forEach(function (node) { node.hidden = active; });
        output.replaceChildren();
        if (active) showRows(output, results, columns, mine);
      });
    }

    function showRows(output, results, columns, mine) {
      var table = element("table"); // no class: Material styles it like the static tables
      var head = table.createTHead().insertRow();
      head.appendChild(element("th", "", words.heading || ""));
      columns.forEach(function (column) { head.appendChild(element("th", "", (words.columns || {})[column] || column)); });
      var body = table.createTBody();
      var more = element("button", "md-button", "");
      more.type = "button";
      var shown = 0;
      function next() {
        var slice = results.slice(shown, shown + ROWS);
        shown += slice.length;
        more.hidden = shown >= results.length;
        more.textContent = fill(words.more, Math.min(ROWS, results.length - shown), words.language);
        Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
          if (mine !== generation) return;
          pages.forEach(function (page) {
            var row = body.insertRow();
            var link = element("a", "", page.meta.title || page.url);
            link.href = page.url;
            row.insertCell().appendChild(link);
            columns.forEach(function (column) { row.insertCell().textContent = page.meta[column] || ""; });
          });
          if (typeof Tablesort !== "undefined" && !table.dataset.sorted) {
            table.dataset.sorted = "1";
            new Tablesort(table);
          }
        });
      }
      more.addEventListener("click", next);
      var wrap = element("div", "md-typeset__scrollwrap"); // as Material wraps the static tables
      var inner = element("div", "md-typeset__table");
      inner.appendChild(table);
      wrap.appendChild(inner);
      output.append(wrap, more);
      next();
    }
  }
})();
