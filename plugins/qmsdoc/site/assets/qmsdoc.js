/* qmsdoc: sort and filter the register in the browser. The words it shows come from window.qmsdocText,
   which the site build writes above this script in the project's language. */
(function () {
  var T = window.qmsdocText || {};
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }
  function setup() {
    var table = document.getElementById("qms-register");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filter = document.getElementById("qms-register-filter");
    var status = document.getElementById("qms-register-status");
    var count = document.getElementById("qms-register-count");
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" });

    function apply() {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = status.value;
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
                 (!wanted || row.dataset.status === wanted);
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = fill(T.shown, { shown: shown, total: rows.length });
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        // only the sorted column says so: a screen reader reads "sorted ascending" on it and nothing on the others
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var r = collator.compare(a.cells[col].textContent.trim(), b.cells[col].textContent.trim());
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);  // the heading's button: a click, Enter or Space
    });
    filter.addEventListener("input", apply);
    status.addEventListener("change", apply);
    apply();
  }

  /* Printing: an uncontrolled copy. The running header (organisation, control number, version, page X of Y)
     goes into @page margin boxes, written per page from its control block; an "uncontrolled" mark with the
     print date. */
  function cssString(text) {
    return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n\f]+/g, " ") + '"';
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function printSetup() {
    var article = document.querySelector(".md-content__inner");
    if (!article) return;
    var org = document.querySelector(".md-copyright__highlight");
    var control = article.querySelector("table.qms-control");
    var label = control && control.dataset.idLabel || T.idLabel;
    var id = control && control.dataset.docId || "";
    var version = control && control.dataset.version || "";
    // a draft, a withdrawn document or an earlier version says so on every page, not only on the first
    var state = control && control.dataset.state || "";
    var title = article.querySelector("h1");
    var centre = id ? label + " " + id + (version ? T.gap + T.version + " " + version : "") + (state ? T.gap + state : "")
                    : (title ? title.textContent.trim() : document.title);
    var mark = fill(T.uncontrolled, { date: today() });
    var pages = String(T.pageOf || "{page} / {pages}").split(/(\{pages?\})/).map(function (part) {
      return part === "{page}" ? "counter(page)" : part === "{pages}" ? "counter(pages)" : cssString(part);
    }).join(" ");
    var style = document.getElementById("qms-print-style");
    if (!style) {
      style = document.createElement("style");
      style.id = "qms-print-style";
      document.head.appendChild(style);
    }
    style.textContent = "@page {" +
      "@top-left { content: " + cssString(org ? org.textContent.trim() : "") + "; font-size: 8pt; }" +
      "@top-center { content: " + cssString(centre) + "; font-size: 8pt; }" +
      "@top-right { content: " + pages + "; font-size: 8pt; }" +
      "@bottom-center { content: " + cssString(mark) + "; font-size: 7.5pt; color: #7f1d1d; } }";
    var box = article.querySelector(".qms-print-mark");
    if (!box) {
      box = document.createElement("div");
      box.className = "qms-print-mark";
      box.setAttribute("data-search-exclude", "");
      article.insertBefore(box, article.firstChild);
    }
    // the print date in one piece, as the pages show dates (time.qms-date): never "2026-12-" above "05"
    box.textContent = "";
    String(T.uncontrolled || "").split("{date}").forEach(function (part, i) {
      if (i) {
        var when = document.createElement("time");
        when.className = "qms-date";
        when.textContent = today();
        box.appendChild(when);
      }
      box.appendChild(document.createTextNode(part));
    });
  }
  window.addEventListener("beforeprint", printSetup);

  /* Search: full-width spellings of a control number (as a Chinese input method types them) become the
     half-width control number
     before Material's search box reads the query; never while an input method is composing. */
  function normaliseQuery(e) {
    var input = e.target;
    if (e.isComposing || !input || !input.classList || !input.classList.contains("md-search__input")) return;
    var value = input.value.normalize("NFKC");
    if (value !== input.value) {
      var end = input.selectionEnd === input.value.length;
      input.value = value;
      if (end) input.setSelectionRange(value.length, value.length);
    }
  }
  document.addEventListener("input", normaliseQuery, true);
  document.addEventListener("compositionend", normaliseQuery, true);

  function onPage() { setup(); printSetup(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(onPage); }
  else if (document.readyState !== "loading") { onPage(); }
  else { document.addEventListener("DOMContentLoaded", onPage); }
})();
