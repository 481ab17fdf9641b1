/* Newsdex: progressive enhancement only. Every feature here also works as plain links and forms. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function isTyping(element) {
    if (!element) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  // "/" focuses the search box ------------------------------------------------------------
  var box = document.getElementById("q");
  var form = document.getElementById("search-form");
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(document.activeElement) && box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Coming back (back button, bfcache), the controls show what the URL says, not what was last clicked.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('input[type="checkbox"][form="search-form"]').forEach(function (checkbox) {
      checkbox.checked = checkbox.defaultChecked;
    });
    document.querySelectorAll("input[data-added]").forEach(function (input) { input.remove(); });
    if (box) {
      box.value = box.defaultValue;
      box.name = "q";
    }
  });

  // An empty query stays out of the URL: /search?country=Japan rather than /search?q=&country=Japan.
  if (form && box) {
    form.addEventListener("submit", function () {
      if (!box.value.trim()) box.name = "";
    });
  }

  function submitSearch() {
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }

  // Facets: a ticked box searches at once; "show more" and the filter box work in place ----
  document.querySelectorAll('.facet-values input[type="checkbox"]').forEach(function (checkbox) {
    checkbox.addEventListener("change", submitSearch);
  });

  document.querySelectorAll(".facet").forEach(function (facet) {
    var items = Array.prototype.slice.call(facet.querySelectorAll(".facet-values li"));
    var more = facet.querySelector("[data-show-more]");
    var filterBox = facet.querySelector(".facet-filter");
    var expanded = !more;

    function applyFilter(text) {
      var needle = fold(text.trim());
      items.forEach(function (item) {
        var label = fold(item.querySelector(".facet-label").textContent);
        var extra = item.classList.contains("extra");
        item.hidden = needle ? label.indexOf(needle) === -1 : (extra && !expanded);
      });
      if (more) more.hidden = expanded || Boolean(needle);
    }

    if (more) {
      more.addEventListener("click", function (event) {
        event.preventDefault();
        expanded = true;
        var firstHidden = items.filter(function (item) { return item.hidden; })[0];
        applyFilter(filterBox ? filterBox.querySelector("input").value : "");
        if (firstHidden) firstHidden.querySelector("input").focus();
      });
    }
    if (filterBox) {
      filterBox.hidden = false;
      filterBox.querySelector("input").addEventListener("input", function (event) {
        applyFilter(event.target.value);
      });
    }
  });

  // On narrow screens the filters start folded away, below the search box -----------------
  var panel = document.querySelector(".filters-panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 899px)").matches) {
    panel.open = false;
  }

  // Lists of people and countries: the filter narrows the table as you type ---------------
  document.querySelectorAll("[data-list-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-list-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var none = document.querySelector(".no-match");
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row) {
        var match = !needle || fold(row.getAttribute("data-name")).indexOf(needle) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown > 0;
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (typeof select.form.requestSubmit === "function") select.form.requestSubmit();
      else select.form.submit();
    });
  });

  // Timeline: the arrow keys move between its bars, and shift-clicking two bars (or Shift with the arrow
  // keys, then Enter) selects the range between them. Each bar stays a plain link to its own period.
  document.querySelectorAll("[data-timeline]").forEach(function (chart) {
    var every = Array.prototype.slice.call(chart.querySelectorAll(".timeline-bar"));
    var links = every.filter(function (bar) { return bar.tagName === "A"; });
    var status = chart.querySelector("[data-timeline-status]");
    var anchor = null;  // the link a range starts from, and the one it reaches so far
    var reach = null;
    if (!links.length) return;

    function periodOf(link) { return link.getAttribute("aria-label").split(":")[0]; }

    function say(text) { if (status) status.textContent = text; }

    function mark() {
      var from = anchor ? every.indexOf(anchor) : -1;
      var to = reach ? every.indexOf(reach) : -1;
      var low = Math.min(from, to), high = Math.max(from, to);
      every.forEach(function (bar, i) { bar.classList.toggle("in-range", anchor !== null && i >= low && i <= high); });
    }

    function clear() {
      anchor = reach = null;
      mark();
    }

    function rangeUrl(one, other) {
      var starts = [one.getAttribute("data-start"), other.getAttribute("data-start")].sort();
      var url = new URL(other.href);  // every other parameter of this search, from its first page
      url.searchParams.set("date", starts[0] === starts[1] ? starts[0] : starts[0] + ".." + starts[1]);
      return url.toString();
    }

    function focusLink(link) {
      links.forEach(function (other) { other.tabIndex = other === link ? 0 : -1; });
      link.focus();
    }

    links.forEach(function (link, i) {
      link.tabIndex = i === 0 ? 0 : -1;  // one tab stop for the chart; the arrow keys move within it
      link.addEventListener("click", function (event) {
        if (!event.shiftKey && anchor === null) return;  // the link selects its own period
        event.preventDefault();
        if (anchor === null) {
          anchor = reach = link;
          mark();
          say("Range from " + periodOf(link) + ": shift-click another bar to end it, or press Escape.");
          return;
        }
        window.location.assign(rangeUrl(anchor, link));
      });
      link.addEventListener("mouseenter", function () {
        if (anchor === null) return;
        reach = link;
        mark();
        say("Range " + periodOf(anchor) + " to " + periodOf(reach) + ": shift-click to select it, or press Escape.");
      });
    });

    document.addEventListener("keydown", function (event) {
      var at = links.indexOf(document.activeElement);
      var moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: links.length - 1 };
      if (at !== -1 && event.key in moves) {
        event.preventDefault();
        var next = links[Math.max(0, Math.min(links.length - 1, moves[event.key]))];
        if (event.shiftKey) {
          anchor = anchor || links[at];
          reach = next;
          mark();
          say("Range " + periodOf(anchor) + " to " + periodOf(reach) + ": press Enter to select it.");
        } else if (anchor !== null) {
          clear();
          say("");
        }
        focusLink(next);
      } else if (at !== -1 && event.key === "Enter" && anchor !== null) {
        event.preventDefault();
        window.location.assign(rangeUrl(anchor, reach));
      } else if (event.key === "Escape" && anchor !== null) {
        clear();
        say("Range cleared.");
      }
    });
  });

  // Autocomplete: people and countries as you type; choosing one adds it as a filter --------
  var list = document.getElementById("q-suggestions");
  if (!box || !list || !form) return;
  var KINDS = [["person", "Person"], ["country", "Country"]];
  var options = [];
  var active = -1;
  var timer = null;
  var serial = 0;
  var replaced = "";

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    options = [];
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.element.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    var value = box.value;
    var at = value.toLowerCase().lastIndexOf(replaced.toLowerCase());
    box.value = at >= 0 ? (value.slice(0, at) + value.slice(at + replaced.length)).replace(/\s+/g, " ").trim() : value;
    var boxes = document.querySelectorAll('input[type="checkbox"][form="search-form"][name="' + option.kind + '"]');
    var ticked = false;
    Array.prototype.forEach.call(boxes, function (checkbox) {
      if (checkbox.value === option.name) { checkbox.checked = true; ticked = true; }
    });
    if (!ticked) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = option.kind;
      hidden.value = option.name;
      hidden.setAttribute("data-added", "");
      form.appendChild(hidden);
    }
    close();
    submitSearch();
  }

  function render(found) {
    list.innerHTML = "";
    options = [];
    found.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "q-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.textContent = item.name;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = item.label + " · " + item.count + (item.count === 1 ? " article" : " articles");
      li.appendChild(name);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item);
      });
      list.appendChild(li);
      options.push({ element: li, kind: item.kind, name: item.name });
    });
    if (options.length) {
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      active = -1;
    } else {
      close();
    }
  }

  function fetchKind(kind, prefix) {
    var url = (box.getAttribute("data-entities-url") || "/api/entities") + "?type=" + kind[0] + "&limit=5&prefix=" + encodeURIComponent(prefix);
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (items) {
        return items.map(function (item) {
          return { kind: kind[0], label: kind[1], name: item.name, count: item.count };
        });
      });
  }

  function lookup(prefix) {
    return Promise.all(KINDS.map(function (kind) { return fetchKind(kind, prefix); }))
      .then(function (lists) { return lists[0].concat(lists[1]).sort(function (a, b) { return b.count - a.count; }); });
  }

  function suggest() {
    var text = box.value.replace(/\s+/g, " ").trim();
    var words = text.split(" ");
    var mine = ++serial;
    if (text.length < 2 || text.indexOf(":") !== -1 || text.indexOf('"') !== -1) { close(); return; }
    var whole = text;
    var last = words.length > 1 ? words[words.length - 1] : "";
    lookup(whole).then(function (found) {
      if (found.length || last.length < 2) return [whole, found];
      return lookup(last).then(function (more) { return [last, more]; });
    }).then(function (answer) {
      if (mine !== serial) return;
      replaced = answer[0];
      render(answer[1]);
    }).catch(close);
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  box.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  box.addEventListener("blur", function () { setTimeout(close, 100); });
})();
