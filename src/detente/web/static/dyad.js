// The dyad chart: stacked bars per PLOVER quad (conflict drawn below zero) and mean intensity lines.
(function () {
  "use strict";
  var holder = document.getElementById("dyad-chart");
  var src = document.getElementById("dyad-data");
  if (!holder || !src || !window.Plotly) return;
  var d = JSON.parse(src.textContent);
  var colors = { verbal_cooperation: "#2e9d5b", material_cooperation: "#0f6b3a", verbal_conflict: "#e07b39", material_conflict: "#c0262d" };
  var traces = d.order.map(function (q) {
    var conflict = q.indexOf("conflict") >= 0;
    return {
      type: "bar", name: d.labels[q], x: d.periods, marker: { color: colors[q] },
      y: d.quads[q].map(function (n) { return conflict ? -n : n; }),
      customdata: d.quads[q], hovertemplate: "%{x}<br>" + d.labels[q] + ": %{customdata}<extra></extra>"
    };
  });
  var lines = [["a->b", d.a + " → " + d.b, "dash"], ["b->a", d.b + " → " + d.a, "dot"], ["both", "both directions", "solid"]];
  lines.forEach(function (l) {
    traces.push({
      type: "scatter", mode: "lines+markers", name: "mean intensity, " + l[1], x: d.periods, y: d.mean[l[0]],
      yaxis: "y2", connectgaps: false, line: { color: "#14213d", dash: l[2], width: l[0] === "both" ? 2.5 : 1.5 },
      hovertemplate: "%{x}<br>mean intensity " + l[1] + ": %{y:+.2f}<extra></extra>"
    });
  });
  var layout = {
    barmode: "relative", margin: { t: 10, r: 60, b: 50, l: 55 }, hovermode: "x unified",
    legend: { orientation: "h", y: -0.18 }, font: { family: "system-ui, sans-serif", size: 12 },
    xaxis: { type: "category", title: { text: d.by } },
    yaxis: { title: { text: "events (conflict < 0 < cooperation)" }, zeroline: true, zerolinewidth: 2 },
    yaxis2: { title: { text: "mean intensity" }, overlaying: "y", side: "right", range: [-10, 10], showgrid: false, zeroline: false },
    plot_bgcolor: "#fff", paper_bgcolor: "#fff"
  };
  Plotly.newPlot(holder, traces, layout, { responsive: true, displaylogo: false });
  holder.on("plotly_click", function (ev) {
    if (!ev.points.length) return;
    var target = document.getElementById("p-" + ev.points[0].x);
    if (target) target.scrollIntoView({ behavior: "smooth" });
  });
})();
