// Article page: click (or Enter on) a highlight to see what covers it; statements light up together.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var pop = document.getElementById("popover");
  if (!text || !pop) return;
  function lit(attr, ids, on) {
    ids.forEach(function (id) {
      document.querySelectorAll("[data-" + attr + "~='" + id + "']").forEach(function (el) { el.classList.toggle("lit", on); });
    });
  }
  var current = null;
  function show(seg) {
    if (current) { lit("q", (current.dataset.q || "").split(" ").filter(Boolean), false); }
    current = seg;
    pop.textContent = seg.dataset.tip || "";
    pop.hidden = false;
    lit("q", (seg.dataset.q || "").split(" ").filter(Boolean), true);
  }
  text.addEventListener("click", function (e) {
    var seg = e.target.closest(".seg");
    if (seg) show(seg);
  });
  text.addEventListener("keydown", function (e) {
    var seg = e.target.closest(".seg");
    if (seg && e.key === "Enter") show(seg);
  });
  document.querySelectorAll(".side-q").forEach(function (li) {
    li.addEventListener("mouseenter", function () { lit("q", [li.dataset.q], true); });
    li.addEventListener("mouseleave", function () { lit("q", [li.dataset.q], false); });
    li.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;
      var first = text.querySelector("[data-q~='" + li.dataset.q + "']");
      if (first) { first.scrollIntoView({ behavior: "smooth", block: "center" }); show(first); }
    });
  });
  [["show-times", "no-times"], ["show-actors", "no-actors"]].forEach(function (p) {
    var box = document.getElementById(p[0]);
    if (box) box.addEventListener("change", function () { text.classList.toggle(p[1], !box.checked); });
  });
})();
