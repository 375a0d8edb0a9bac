/* qmsdoc: sort and filter the 受控文件清单 in the browser. */
(function () {
  function setup() {
    var table = document.getElementById("qms-register");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var filter = document.getElementById("qms-register-filter");
    var status = document.getElementById("qms-register-status");
    var count = document.getElementById("qms-register-count");
    var collator = new Intl.Collator("zh-CN", { numeric: true, sensitivity: "base" });

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
      count.textContent = "显示 " + shown + " / " + rows.length;
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var r = collator.compare(a.cells[col].textContent.trim(), b.cells[col].textContent.trim());
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    filter.addEventListener("input", apply);
    status.addEventListener("change", apply);
    apply();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
})();
