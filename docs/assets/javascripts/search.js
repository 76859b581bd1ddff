/* Search: the header's search box (overrides/partials/search.html), answered by the Pagefind bundle in
 * pagefind/, which the build writes (src/timeline/build/search_bundle.py).
 *
 * Pagefind loads only the parts of its index a query needs, so a reader's first search costs a few
 * hundred kilobytes whatever the size of the timeline, where the theme's search downloads every record
 * first. Nothing is loaded until the reader types, and nothing comes from another site.
 *
 * Results are built as elements with text set as text: titles and excerpts come from contributors'
 * data. No markup from the index is ever parsed; matched words are marked here.
 */
(function () {
  "use strict";

  var SHOWN = 10; // results per query; Pagefind loads each shown result's fragment, and no more
  var SUB_RESULTS = 3;
  var WAIT_MS = 120; // after the last keystroke
  var EXCERPT_WORDS = 24;

  // The site's root, from the theme's configuration: relative to the first page loaded, and the same after.
  var root = (function () {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  })();

  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        // Records differ in length by two orders of magnitude (a source's one line, a site's summary, a
        // guide): full length normalisation lets a passing mention in a one-line record outrank the page
        // about the place searched for, so length counts for less than Pagefind's default (0.75).
        return module.options({ baseUrl: root.pathname, ranking: { pageLength: 0.25 } }).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null; // try again with the next query: the reader may be back online
      });
    }
    return pagefind;
  }

  // Pagefind's records hold the text as text, and its excerpts escape "<" and ">" but not "&": undone,
  // a contributor's literal "&lt;" would show as "<". So the excerpt is rebuilt here from the text and
  // the positions of the words that matched, split into words as Pagefind counts them.
  function excerptNode(content, locations) {
    var spaced = content.indexOf("\u200B") === -1; // text without spaces between words is split at ZWSP
    var words = spaced ? content.split(/[\r\n\s]+/g) : content.split("\u200B");
    var matched = {};
    (locations || []).forEach(function (at) { matched[at] = true; });
    var first = locations && locations.length ? Math.min.apply(null, locations) : 0;
    var start = Math.max(0, Math.min(first - Math.floor(EXCERPT_WORDS / 3), words.length - EXCERPT_WORDS));
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var paragraph = document.createElement("p");
    if (start > 0) paragraph.appendChild(document.createTextNode("… "));
    for (var at = start; at < end; at++) {
      if (spaced && at > start) paragraph.appendChild(document.createTextNode(" "));
      var word = document.createTextNode(words[at]);
      if (matched[at]) {
        var mark = document.createElement("mark");
        mark.appendChild(word);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(word);
      }
    }
    if (end < words.length) paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  // An event's date and status (Pagefind's meta, from the build), shown under its title; nothing for other records.
  function metaNode(meta) {
    if (!meta || !meta.date) return null;
    var line = document.createElement("p");
    line.className = "tl-search__meta";
    if (meta.status) {
      var badge = document.createElement("span");
      badge.className = "tl-status tl-status--" + (meta.status_id || "");
      badge.textContent = meta.status;
      line.appendChild(badge);
      line.appendChild(document.createTextNode(" "));
    }
    line.appendChild(document.createTextNode(meta.date));
    return line;
  }

  function resultItem(data, close) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var excerpt = excerptNode(data.content, data.locations);
    var meta = metaNode(data.meta);
    if (meta) {
      var both = document.createElement("div");
      both.appendChild(meta);
      both.appendChild(excerpt);
      excerpt = both;
    }
    item.appendChild(resultLink(data.url, data.meta.title || data.url, excerpt, "h1", close));
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url; // the page itself, before its first heading
    });
    sections.slice(0, SUB_RESULTS).forEach(function (sub) {
      item.appendChild(resultLink(sub.url, sub.title, excerptNode(data.content, sub.locations), "h2", close));
    });
    return item;
  }

  // What the reader is told when the index cannot load, by the header's box and by the search page alike.
  function failed(error) {
    if (window.console) window.console.warn("search:", error);
    return window.location.protocol === "file:"
      ? "Search needs the site served over http(s); it cannot load from files opened in the browser."
      : "Search could not load; try again in a moment.";
  }

  function resultLink(url, title, excerpt, heading, close) { // title: text; excerpt: a node
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = url;
    link.addEventListener("click", close);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var head = document.createElement(heading);
    head.textContent = title;
    article.appendChild(head);
    article.appendChild(excerpt);
    link.appendChild(article);
    return link;
  }

  function setUp(box) {
    var toggle = document.getElementById("__search");
    var form = box.querySelector("[data-tl-search-form]");
    var input = box.querySelector("[data-tl-search-query]");
    var meta = box.querySelector("[data-tl-search-meta]");
    var list = box.querySelector("[data-tl-search-results]");
    var initial = meta.textContent.trim();
    var latest = 0;
    var timer = null;

    function close() {
      if (toggle) toggle.checked = false;
      input.blur();
    }

    function show(message, items) {
      meta.textContent = message;
      list.replaceChildren.apply(list, items || []);
    }

    function search() {
      var query = input.value.trim();
      var asked = ++latest;
      if (!query) {
        show(initial);
        return;
      }
      loadPagefind()
        .then(function (module) {
          return module.search(query);
        })
        .then(function (found) {
          if (asked !== latest || !found) return null; // the reader typed on; a newer query answers
          return Promise.all(found.results.slice(0, SHOWN).map(function (result) { return result.data(); }))
            .then(function (shown) {
              if (asked !== latest) return;
              var total = found.results.length;
              var message = total === 0 ? "No matching documents"
                : total === 1 ? "1 matching document"
                : total + " matching documents" + (total > SHOWN ? ", the first " + SHOWN + " shown" : "");
              show(message, shown.map(function (data) { return resultItem(data, close); }));
            });
        })
        .catch(function (error) {
          if (asked !== latest) return;
          show(failed(error));
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, WAIT_MS);
    });
    input.addEventListener("focus", function () {
      if (toggle && !toggle.checked) toggle.checked = true;
      loadPagefind(); // while the reader types the first word
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first) {
          event.preventDefault();
          first.focus();
        }
      }
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter goes to the first result, as in the theme's search
      var first = list.querySelector("a");
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        show(initial);
        input.focus();
      }, 0);
    });
    if (toggle) {
      // The theme opens the box with its keyboard shortcuts by ticking this box, and closes it on navigation.
      toggle.addEventListener("change", function () {
        if (toggle.checked) input.focus();
      });
    }
  }

  // The theme's shortcuts, which belong to its own search: "/", "s" or "f" opens the box.
  function typingIn(element) {
    return element && (element.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName));
  }
  document.addEventListener("keydown", function (event) {
    var toggle = document.getElementById("__search");
    if (!toggle || toggle.checked || event.metaKey || event.ctrlKey || event.altKey) return;
    if (typingIn(document.activeElement) || ["/", "s", "f"].indexOf(event.key) < 0) return;
    event.preventDefault();
    toggle.click(); // as the theme does: its change event opens the box and focuses the input
  });

  // --- The search page (src/timeline/site/templates/search.md.j2): facets with counts, and an order. ---
  // The facets are Pagefind's filters, which the build gives each record (src/timeline/site/search.py); a
  // reader's choices combine as "any of these" within a facet and "all of these" across facets.
  var FACETS = ["type", "status", "site", "tag", "year"]; // Pagefind's filter names (site/search.py's facets)
  var PAGE_SIZE = 20;

  function setUpFacets(form) {
    var input = form.querySelector("input[name=q]");
    var order = form.querySelector("select[name=sort]");
    var facetList = form.querySelector("[data-tl-facet-list]");
    var count = document.querySelector("[data-tl-search-count]");
    var list = document.querySelector("[data-tl-search-list]");
    var moreBox = document.querySelector(".tl-search__more");
    var more = document.querySelector("[data-tl-search-more]");
    var prompt = count.textContent;
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    FACETS.forEach(function (facet) { chosen[facet] = params.getAll(facet); });
    input.value = params.get("q") || "";
    order.value = params.get("sort") || "";
    var counters = {}; // facet → value → the element that shows its count
    var latest = 0;
    var found = [];
    var shown = 0;
    var timer = null;

    // The check boxes are the page's own, one per value any record has (the build lists them, so that nothing
    // moves when this script arrives); here they are ticked from the address, and get their counts.
    function readFacets() {
      facetList.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var key = box.name;
        if (!chosen[key]) return;
        box.checked = chosen[key].indexOf(box.value) >= 0;
        counters[key] = counters[key] || {};
        counters[key][box.value] = box.parentNode.querySelector(".tl-count");
        box.addEventListener("change", function () {
          chosen[key] = Array.prototype.map.call(
            facetList.querySelectorAll("input[type=checkbox][name=" + key + "]:checked"),
            function (checked) { return checked.value; }
          );
          run();
        });
      });
    }

    function showCounts(counts) {
      Object.keys(counters).forEach(function (key) {
        Object.keys(counters[key]).forEach(function (name) {
          var number = (counts[key] || {})[name] || 0;
          counters[key][name].textContent = "(" + number + ")";
          counters[key][name].parentNode.classList.toggle("tl-search__facet--none", number === 0);
        });
      });
    }

    function options() {
      var filters = {};
      FACETS.forEach(function (facet) {
        if (chosen[facet].length) filters[facet] = { any: chosen[facet] };
      });
      var chosenOptions = { filters: filters };
      if (order.value) chosenOptions.sort = { date: order.value === "date-asc" ? "asc" : "desc" };
      return chosenOptions;
    }

    function keepInAddress() {
      var kept = new URLSearchParams();
      if (input.value.trim()) kept.set("q", input.value.trim());
      FACETS.forEach(function (facet) {
        chosen[facet].forEach(function (name) { kept.append(facet, name); });
      });
      if (order.value) kept.set("sort", order.value);
      var query = kept.toString();
      window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    }

    function item(data) {
      var entry = document.createElement("li");
      entry.className = "tl-search__result";
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.meta.title || data.url;
      heading.appendChild(link);
      entry.appendChild(heading);
      var meta = metaNode(data.meta);
      if (meta) entry.appendChild(meta);
      entry.appendChild(excerptNode(data.content, data.locations));
      return entry;
    }

    // A fresh search swaps the list only once its first page has loaded, so that the list and the count
    // never disagree (an empty list under the last search's count).
    function showMore(asked, fresh) {
      var next = found.slice(shown, shown + PAGE_SIZE);
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (loaded) {
        if (asked !== latest) return;
        var items = loaded.map(item);
        if (fresh) list.replaceChildren.apply(list, items);
        else items.forEach(function (entry) { list.appendChild(entry); });
        shown += loaded.length;
        moreBox.hidden = shown >= found.length;
        announce(found.length);
      });
    }

    function announce(total) {
      var what = total === 0 ? "No results" : total === 1 ? "1 result" : total + " results";
      var by = order.value === "date-desc" ? ", newest event first" : order.value === "date-asc" ? ", oldest event first" : "";
      count.textContent = what + by + (total > PAGE_SIZE ? "; the first " + Math.min(shown, total) + " shown." : ".");
    }

    function run() {
      var asked = ++latest;
      var query = input.value.trim();
      var chosenOptions = options();
      keepInAddress();
      loadPagefind()
        .then(function (module) {
          // Pagefind counts a facet's values only once that facet's index is loaded, which filters() does.
          return module.filters().then(function () { return module; });
        })
        .then(function (module) {
          if (!query && !Object.keys(chosenOptions.filters).length && !chosenOptions.sort) {
            return module.filters().then(function (all) { return { empty: true, filters: all }; });
          }
          return module.search(query || null, chosenOptions);
        })
        .then(function (result) {
          if (asked !== latest) return null;
          shown = 0;
          found = result && !result.empty ? result.results : [];
          showCounts((result && result.filters) || {});
          if (result && result.empty) {
            list.replaceChildren();
            count.textContent = prompt;
            moreBox.hidden = true;
            return null;
          }
          return showMore(asked, true);
        })
        .catch(function (error) {
          if (asked !== latest) return;
          count.textContent = failed(error);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, WAIT_MS);
    });
    order.addEventListener("change", run);
    more.addEventListener("click", function () {
      showMore(latest, false);
    });
    readFacets();
    run();
  }

  // The header is not replaced between pages: set up once.
  document.querySelectorAll("[data-tl-search]").forEach(setUp);
  document.querySelectorAll("form[data-tl-facets]").forEach(setUpFacets);
})();
