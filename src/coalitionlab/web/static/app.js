/* coalitionlab pages: figures from the JSON the page carries or the API answers; no inline script (CSP). */
"use strict";
(function () {
  var CONFIG = {topojsonURL: "/vendor/topojson/", displaylogo: false, responsive: true};
  var SCALE = [[0, "#deebf7"], [1, "#08306b"]];  /* light = low, dark = high */
  function el(id) { return document.getElementById(id); }
  function readJSON(id) { var n = el(id); return n ? JSON.parse(n.textContent) : null; }
  function text(tag, value) { var n = document.createElement(tag); n.textContent = value; return n; }
  function geo() {
    return {projection: {type: "natural earth"}, showframe: false, showcoastlines: true, showcountries: true,
            countrycolor: "#999", resolution: 110};
  }

  /* dashboard: map of targets and timeline of interventions */
  var fig = readJSON("figure-data");
  if (fig && window.Plotly) {
    var counts = {}, names = {};
    fig.interventions.forEach(function (r) {
      var iso = fig.iso3[String(r.primary_ccode)];
      if (iso) { counts[iso] = (counts[iso] || 0) + 1; }
    });
    var isos = Object.keys(counts);
    Plotly.newPlot("map", [{type: "choropleth", locationmode: "ISO-3", locations: isos,
      z: isos.map(function (k) { return counts[k]; }), colorscale: SCALE,
      colorbar: {title: {text: "interventions"}}}],
      {title: {text: "Primary targets of U.S. interventions"}, geo: geo(), margin: {l: 0, r: 0, t: 40, b: 0}},
      CONFIG);
    var groups = [[1, "coalition", "#2c7fb8"], [0, "unilateral", "#bdbdbd"]].map(function (g) {
      var rows = fig.interventions.filter(function (r) { return r.coalition === g[0]; });
      return {type: "scatter", mode: "markers", name: g[1], marker: {color: g[2], size: 8},
        x: rows.map(function (r) { return r.start_year; }), y: rows.map(function (r) { return r.coalition_size; }),
        text: rows.map(function (r) { return r.name; }), customdata: rows.map(function (r) { return r.intervention_id; }),
        hovertemplate: "%{text} (%{x}): %{y} partners<extra></extra>"};
    });
    Plotly.newPlot("timeline", groups, {title: {text: "Interventions by start year"},
      xaxis: {title: {text: "start year"}}, yaxis: {title: {text: "coalition size"}}}, CONFIG).then(function (gd) {
      gd.on("plotly_click", function (ev) {
        var id = ev.points[0].customdata;
        if (/^[A-Za-z0-9_-]+$/.test(id)) { window.location.href = "/interventions/" + id; }
      });
    });
  }

  /* Coalition Builder */
  var form = el("scenario");
  var config = readJSON("builder-config");
  if (!form || !config) { return; }

  function scenarioFromForm() {
    var s = {targets: el("targets").value.split(/[;,]/).map(function (t) { return t.trim(); })
               .filter(function (t) { return t; }), year: parseInt(el("year").value, 10)};
    if (el("igo").value) { s.igo = el("igo").value; }
    var objs = Array.prototype.filter.call(el("objective").options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
    if (objs.length) { s.objective = objs; }
    if (el("demand").value) { s.demand = el("demand").value; }
    return s;
  }
  function formFromURL() {
    var p = new URLSearchParams(window.location.search);
    if (!p.get("targets") || !p.get("year")) { return false; }
    el("targets").value = p.get("targets");
    el("year").value = p.get("year");
    el("igo").value = p.get("igo") || "";
    el("demand").value = p.get("demand") || "";
    var objs = p.getAll("objective");
    Array.prototype.forEach.call(el("objective").options, function (o) { o.selected = objs.indexOf(o.value) >= 0; });
    return true;
  }
  function urlFromScenario(s) {
    var p = new URLSearchParams();
    p.set("targets", s.targets.join("; "));
    p.set("year", String(s.year));
    if (s.igo) { p.set("igo", s.igo); }
    (s.objective || []).forEach(function (o) { p.append("objective", o); });
    if (s.demand) { p.set("demand", s.demand); }
    return "/builder?" + p.toString();
  }
  function pct(x) { return x === null || x === undefined ? "" : (100 * x).toFixed(1) + "%"; }
  function show(d) {
    var facts = el("facts");
    facts.textContent = "";
    var es = d.expected_size;
    var rows = [["Scenario", d.scenario.targets.map(function (t) { return t.name; }).join(" and ") + ", " + d.scenario.year +
      (d.scenario.igo ? ", IGO " + d.scenario.igo : "") +
      (d.scenario.objective.length ? ", objective " + d.scenario.objective.join(", ") : "") +
      (d.scenario.demand ? ", " + d.scenario.demand + " demand" : "")],
      ["Expected coalition size", es.mean.toFixed(1) + " (95% " + es.low.toFixed(1) + "-" + es.high.toFixed(1) + ")"]];
    if (d.coalition) { rows.push(["P(U.S. acts with a coalition)", pct(d.coalition.probability) + " (" +
      pct(d.coalition.low) + "-" + pct(d.coalition.high) + ")"]); }
    if (d.success) {
      var w = d.success.with_coalition, wo = d.success.without_coalition;
      rows.push(["P(success) with a coalition", pct(w.probability) + " (" + pct(w.low) + "-" + pct(w.high) + ")"]);
      rows.push(["P(success) without", pct(wo.probability) + " (" + pct(wo.low) + "-" + pct(wo.high) + ")"]);
    }
    rows.forEach(function (r) { facts.appendChild(text("dt", r[0])); facts.appendChild(text("dd", r[1])); });
    var body = el("partners").tBodies[0];
    body.textContent = "";
    d.partners.slice(0, 20).forEach(function (p) {
      var tr = document.createElement("tr");
      [p.rank, p.name, pct(p.probability), pct(p.low) + "-" + pct(p.high), (p.reasons || []).join("; ")]
        .forEach(function (v) { tr.appendChild(text("td", String(v))); });
      body.appendChild(tr);
    });
    var warn = el("warnings");
    warn.textContent = "";
    (d.warnings || []).forEach(function (w) { warn.appendChild(text("li", "Warning: " + w)); });
    el("result").hidden = false;
    var withIso = d.partners.filter(function (p) { return config.iso3[String(p.ccode)]; });
    return Plotly.react("partner-map", [{type: "choropleth", locationmode: "ISO-3",
      locations: withIso.map(function (p) { return config.iso3[String(p.ccode)]; }),
      z: withIso.map(function (p) { return p.probability; }), text: withIso.map(function (p) { return p.name; }),
      zmin: 0, zmax: 1, colorscale: SCALE, colorbar: {title: {text: "P(join)"}},
      hovertemplate: "%{text}: %{z:.2f}<extra></extra>"}],
      {title: {text: "Probability of joining"}, geo: geo(), margin: {l: 0, r: 0, t: 40, b: 0}, height: 460}, CONFIG);
  }
  function run(s) {
    var status = el("status");
    status.className = "";
    status.textContent = "Forecasting...";
    return fetch("/api/forecast", {method: "POST", headers: {"content-type": "application/json"},
                                   body: JSON.stringify(s)})
      .then(function (r) { return r.json().then(function (d) { return {ok: r.ok, d: d}; }); })
      .then(function (res) {
        if (!res.ok) {
          var msg = Array.isArray(res.d.detail) ? res.d.detail.map(function (e) {
            return (e.loc || []).slice(1).join(".") + ": " + e.msg; }).join("; ") : String(res.d.detail);
          status.className = "error";
          status.textContent = msg;
          return;
        }
        status.textContent = "Forecast in " + res.d.seconds.toFixed(1) + " s.";
        return show(res.d);
      })
      .catch(function () { status.className = "error"; status.textContent = "The server did not answer."; });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var s = scenarioFromForm();
    window.history.pushState(s, "", urlFromScenario(s));
    run(s);
  });
  window.addEventListener("popstate", function () { if (formFromURL()) { run(scenarioFromForm()); } });
  if (formFromURL()) { run(scenarioFromForm()); }
})();
