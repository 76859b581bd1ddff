/* Timeline filters: by site, tag, status, source and date range, combinable, kept in the URL.
 *
 * The page works without this script: every event is shown. With it, a form appears above the
 * events; each option shows how many events it would leave, given the other choices. The events
 * carry what the filters need as data attributes (data-sites, data-tags, data-status, data-sources,
 * data-start, data-end); the names of the options are read from the events' own links and badges,
 * so the page carries no second copy of them.
 *
 * It also gives each "Cite this event" box a Copy button. Without it, one click selects a box (CSS).
 */
(function () {
  "use strict";

  // Filtered out by a class, not the hidden attribute: the theme's stylesheet has sibling rules on [hidden]
  // (".md-sidebar:not([hidden]) ~ .md-content"), so each hidden event made the browser re-check every
  // later sibling. With 1,000 events that took longer than the rest of the reaction.
  var OUT = "tl-filtered-out";

  var FACETS = [
    { key: "status", attribute: "status", legend: "Status", names: "a.tl-status" },
    { key: "site", attribute: "sites", legend: "Site", names: "a.tl-chip" },
    { key: "tag", attribute: "tags", legend: "Tag", names: "a.tl-tag" },
    { key: "source", attribute: "sources", legend: "Source", names: "a.tl-citation__source" },
  ];

  // Id → name for each facet, from the links the events show: a site's chip links to sites/<id>/,
  // a status badge to methodology/#status-<id>; the name is the link's text (a badge's, after its symbol).
  function readLabels(events) {
    var labels = {};
    FACETS.forEach(function (facet) {
      var names = (labels[facet.key] = {});
      events.forEach(function (event) {
        event.querySelectorAll(facet.names).forEach(function (link) {
          var url = new URL(link.getAttribute("href"), window.location.href);
          var id = url.hash.indexOf("#status-") === 0
            ? url.hash.slice("#status-".length)
            : url.pathname.split("/").filter(Boolean).pop();
          var text = (link.lastChild ? link.lastChild.textContent : link.textContent).trim();
          if (id && !names[id]) names[id] = text;
        });
      });
    });
    return labels;
  }

  function valuesOf(event, facet) {
    var raw = event.dataset[facet.attribute] || "";
    return raw ? raw.split(" ") : [];
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = { from: params.get("from") || "", to: params.get("to") || "" };
    FACETS.forEach(function (facet) {
      state[facet.key] = params.getAll(facet.key);
    });
    return state;
  }

  function chosenAny(state) {
    return FACETS.some(function (facet) { return state[facet.key].length > 0; }) || !!(state.from || state.to);
  }

  function writeState(state) {
    var params = new URLSearchParams();
    FACETS.forEach(function (facet) {
      state[facet.key].forEach(function (value) { params.append(facet.key, value); });
    });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text; // text, never HTML: names come from contributors
    return node;
  }

  function build(container, events, labels) {
    var form = element("form", { class: "tl-filters__form", "aria-label": "Filter the events" });
    var checkboxes = {};
    FACETS.forEach(function (facet) {
      var present = {};
      events.forEach(function (event) {
        valuesOf(event, facet).forEach(function (value) { present[value] = true; });
      });
      var values = Object.keys(present).sort(function (a, b) {
        var names = labels[facet.key] || {};
        return (names[a] || a).localeCompare(names[b] || b);
      });
      if (values.length < 2) return; // nothing to choose between
      var fieldset = element("fieldset", { class: "tl-filters__facet", "data-facet": facet.key });
      fieldset.appendChild(element("legend", {}, facet.legend));
      checkboxes[facet.key] = values.map(function (value) {
        var label = element("label", { class: "tl-filters__option" });
        var box = element("input", { type: "checkbox", name: facet.key, value: value });
        var count = element("span", { class: "tl-count" });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + ((labels[facet.key] || {})[value] || value) + " "));
        label.appendChild(count);
        fieldset.appendChild(label);
        return { box: box, count: count, value: value };
      });
      form.appendChild(fieldset);
    });
    var dates = element("fieldset", { class: "tl-filters__facet tl-filters__dates" });
    dates.appendChild(element("legend", {}, "Dates"));
    var from = element("input", { type: "date", name: "from", "aria-label": "From" });
    var to = element("input", { type: "date", name: "to", "aria-label": "To" });
    var fromLabel = element("label", {}, "From ");
    fromLabel.appendChild(from);
    var toLabel = element("label", {}, " to ");
    toLabel.appendChild(to);
    dates.appendChild(fromLabel);
    dates.appendChild(toLabel);
    form.appendChild(dates);
    var reset = element("button", { type: "reset", class: "md-button" }, "Show all");
    form.appendChild(reset);
    // The panel (folded away until wanted, so that the events come first) and the count below it are the page's
    // own (the build names the facets the same way): only the form goes in, in place of the note for readers
    // without JavaScript.
    var panel = container.querySelector(".tl-filters__panel");
    var note = panel.querySelector(".tl-filters__nojs");
    if (note) note.remove();
    panel.appendChild(form);
    var summary = container.querySelector(".tl-filters__summary");
    return { form: form, panel: panel, checkboxes: checkboxes, from: from, to: to, summary: summary };
  }

  function setUp() {
    var container = document.querySelector("[data-tl-filters]");
    if (!container || container.dataset.ready) return;
    container.dataset.ready = "true";
    // Whole events on timeline pages; one-line rows on a site page, which filter by status and date.
    var events = Array.prototype.slice.call(document.querySelectorAll("article.tl-event, li.tl-row[data-start]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".tl-day, .tl-month"));
    var labels = readLabels(events);
    var ui = build(container, events, labels);

    function current() {
      var state = { from: ui.from.value, to: ui.to.value };
      FACETS.forEach(function (facet) {
        state[facet.key] = (ui.checkboxes[facet.key] || [])
          .filter(function (option) { return option.box.checked; })
          .map(function (option) { return option.value; });
      });
      return state;
    }

    // Each event's values, split once: apply() runs on every change, over every event.
    var values = events.map(function (event) {
      var own = {};
      FACETS.forEach(function (facet) { own[facet.key] = valuesOf(event, facet); });
      return own;
    });

    // Which facets an event fails: none (it is shown), or the one facet whose options it would count for.
    // It passes a facet when it has one of the chosen values (or none is chosen), and the date range when
    // its span overlaps it: an event of "around December" is kept for a range in mid-December.
    function failures(index, state) {
      var failed = [];
      var event = events[index];
      for (var i = 0; i < FACETS.length && failed.length < 2; i++) {
        var facet = FACETS[i];
        var chosen = state[facet.key];
        if (chosen.length === 0) continue;
        var own = values[index][facet.key];
        if (!chosen.some(function (value) { return own.indexOf(value) >= 0; })) failed.push(facet);
      }
      var outOfRange = (state.from && event.dataset.end < state.from) || (state.to && event.dataset.start > state.to);
      if (outOfRange) failed.push(null, null); // the dates are not a facet with counts: fail all
      return failed;
    }

    // One pass over the events, whatever the number of options: an option's count is the number of events
    // carrying it that pass every other choice.
    function apply(state) {
      var shown = 0;
      var counts = {};
      FACETS.forEach(function (facet) { counts[facet.key] = {}; });
      events.forEach(function (event, index) {
        var failed = failures(index, state);
        var out = failed.length > 0;
        event.classList.toggle(OUT, out);
        if (!out) shown++;
        if (failed.length > 1) return;
        FACETS.forEach(function (facet) {
          if (failed.length === 1 && failed[0] !== facet) return;
          var facetCounts = counts[facet.key];
          values[index][facet.key].forEach(function (value) { facetCounts[value] = (facetCounts[value] || 0) + 1; });
        });
      });
      // A day heading or a month without a visible event goes too.
      groups.forEach(function (group) {
        if (group.classList.contains("tl-month")) {
          group.classList.toggle(OUT, !group.querySelector("article.tl-event:not(." + OUT + ")"));
        } else {
          var next = group.nextElementSibling;
          var any = false;
          while (next && next.matches("article.tl-event")) {
            if (!next.classList.contains(OUT)) any = true;
            next = next.nextElementSibling;
          }
          group.classList.toggle(OUT, !any);
        }
      });
      FACETS.forEach(function (facet) {
        (ui.checkboxes[facet.key] || []).forEach(function (option) {
          option.count.textContent = "(" + (counts[facet.key][option.value] || 0) + ")";
        });
      });
      ui.summary.textContent = shown === events.length
        ? "All " + events.length + (events.length === 1 ? " event" : " events") + " on this page."
        : shown + " of " + events.length + " events on this page match.";
    }

    var state = readState();
    FACETS.forEach(function (facet) {
      (ui.checkboxes[facet.key] || []).forEach(function (option) {
        option.box.checked = state[facet.key].indexOf(option.value) >= 0;
      });
    });
    ui.from.value = state.from;
    ui.to.value = state.to;
    var chosen = current();
    ui.panel.open = ui.panel.open || chosenAny(chosen); // open already if the reader opened it before
    // Events off screen skip layout (timeline.css) from when a reader opens the filters: a change then shows
    // and hides hundreds of them quickly. Not before: until then a page is read, and tools that check what is
    // read (axe, in Lighthouse) take the skipped ones to sit under the footer.
    function skipOffScreenOnceOpen() {
      if (ui.panel.open) document.documentElement.classList.add("tl-filtering");
    }
    skipOffScreenOnceOpen();
    ui.panel.addEventListener("toggle", skipOffScreenOnceOpen);
    apply(chosen);

    ui.form.addEventListener("change", function () {
      var chosen = current();
      apply(chosen);
      // The address after the next paint: on a long page, updating it takes a few milliseconds that a
      // reader would otherwise wait for (a timeout queued from the frame callback runs after that frame).
      window.requestAnimationFrame(function () {
        window.setTimeout(function () { writeState(chosen); }, 0);
      });
    });
    ui.form.addEventListener("reset", function () {
      window.setTimeout(function () { // after the browser has cleared the form
        var chosen = current();
        apply(chosen);
        writeState(chosen);
      }, 0);
    });
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return; // only on https or localhost: the boxes stay selectable with a click
    document.querySelectorAll("pre.tl-cite__text").forEach(function (box) {
      var figure = box.closest("figure");
      var label = figure ? figure.querySelector("figcaption") : null;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button tl-cite__copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the citation" + (label ? " as " + label.textContent : ""));
      var said = document.createElement("span");
      said.className = "tl-cite__said";
      said.setAttribute("role", "status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(box.textContent).then(function () {
          said.textContent = "Copied.";
        }, function () {
          said.textContent = "Not copied: select the box and copy it.";
        });
      });
      box.insertAdjacentElement("afterend", said);
      box.insertAdjacentElement("afterend", button);
    });
  }

  function onEachPage() {
    // A view shared with its filters in the address is filtered at once. Otherwise the filters wait until the
    // browser is idle: every event shows meanwhile, and the page's first paint and first input do not wait for
    // a panel of hundreds of options that most readers never open.
    if (chosenAny(readState()) || !window.requestIdleCallback) {
      setUp();
    } else {
      window.requestIdleCallback(setUp, { timeout: 2000 });
      var panel = document.querySelector("[data-tl-filters] .tl-filters__panel");
      if (panel) panel.addEventListener("toggle", setUp); // opened before then: at once (setUp runs once)
    }
    addCopyButtons();
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(onEachPage); // Material's: runs once the page is set up
  } else {
    document.addEventListener("DOMContentLoaded", onEachPage);
  }
})();
