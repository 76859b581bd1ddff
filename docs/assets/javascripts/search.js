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

  function resultItem(data, close) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    item.appendChild(resultLink(data.url, data.meta.title || data.url, excerptNode(data.content, data.locations), "h1", close));
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url; // the page itself, before its first heading
    });
    sections.slice(0, SUB_RESULTS).forEach(function (sub) {
      item.appendChild(resultLink(sub.url, sub.title, excerptNode(data.content, sub.locations), "h2", close));
    });
    return item;
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
          show(window.location.protocol === "file:"
            ? "Search needs the site served over http(s); it cannot load from files opened in the browser."
            : "Search could not load; try again in a moment.");
          if (window.console) window.console.warn("search:", error);
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

  // The header is not replaced by the theme's instant navigation: set up once.
  document.querySelectorAll("[data-tl-search]").forEach(setUp);
})();
