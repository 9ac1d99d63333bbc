"use strict";
// The dashboard reads everything through the public API, with the function key the page was opened with.
const KEY = new URLSearchParams(location.search).get("code") || "";
const POLL_MS = 3000;
const TERMINAL = ["completed", "failed", "cancelled"];
const view = document.getElementById("view");
const live = document.getElementById("live");
let poller = null;
// Polls and clicks overlap: a list answer renders only if it is for the page and filters shown now
// and was asked after the answer on screen, or a late poll of the previous page would come back
// under a pager that has moved on. `asked` numbers the requests, `shown` is the one rendered.
const runsState = {status: "", name: "", cursors: [null], selected: new Set(), asked: 0, shown: 0};
const sweepsState = {cursors: [null], asked: 0, shown: 0};

function isCurrentAnswer(state, asked, path, pathNow) {
  if (path !== pathNow || asked < state.shown) return false;
  state.shown = asked;
  return true;
}

async function api(path, options = {}) {
  const headers = Object.assign({"x-functions-key": KEY}, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, {headers}));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : response.status + " " + response.statusText;
    throw new Error(response.status === 401 ? "the function key is missing or wrong: open the dashboard with ?code=<key>" : detail);
  }
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const badge = status => el("span", {class: "badge " + status}, status);
const bar = progress => el("span", {class: "bar"}, el("span", {style: "width:" + Math.round(progress * 100) + "%"}));
const when = instant => instant ? new Date(instant).toLocaleString() : "–";
const pct = value => value === null || value === undefined ? "–" : (value * 100).toFixed(2) + "%";
const ratio = value => value === null || value === undefined ? "–" : Number(value).toFixed(2);
const problem = error => el("p", {class: "error"}, String(error.message || error));

function every(refresh) {
  clearInterval(poller);
  poller = setInterval(() => refresh().catch(error => live.textContent = "refresh failed: " + error.message), POLL_MS);
  return refresh();
}

function stamp() {
  live.textContent = "live · updated " + new Date().toLocaleTimeString();
}

// ---- runs -------------------------------------------------------------------------------------

async function runsView() {
  const list = el("tbody");
  const pager = el("div", {class: "pager"});
  const compare = el("button", {class: "primary", id: "compare-selected", onclick: () => {
    location.hash = "#compare/" + [...runsState.selected].join(",");
  }}, "Compare selected");
  const status = el("select", {id: "status-filter", onchange: event => { runsState.status = event.target.value; runsState.cursors = [null]; refresh(); }},
    ["", "queued", "running", "completed", "failed", "cancelled"].map(value =>
      el("option", {value, selected: value === runsState.status}, value || "any status")));
  const name = el("input", {id: "name-filter", placeholder: "exact run name", value: runsState.name,
    onchange: event => { runsState.name = event.target.value.trim(); runsState.cursors = [null]; refresh(); }});
  view.replaceChildren(el("h1", {}, "Runs"),
    el("div", {class: "card"}, el("div", {class: "filters"}, status, name, compare),
      el("table", {id: "runs"}, el("thead", {}, el("tr", {}, ["", "name", "status", "progress", "submitted", "sweep"].map(h => el("th", {}, h)))), list),
      pager));

  function path() {
    const query = new URLSearchParams({limit: "25"});
    if (runsState.status) query.set("status", runsState.status);
    if (runsState.name) query.set("name", runsState.name);
    const cursor = runsState.cursors[runsState.cursors.length - 1];
    if (cursor) query.set("cursor", cursor);
    return "/backtests?" + query;
  }

  async function refresh() {
    const asked = ++runsState.asked, asking = path();
    const page = await api(asking);
    if (!isCurrentAnswer(runsState, asked, asking, path())) return;
    list.replaceChildren(...page.runs.map(run => el("tr", {class: "link", "data-run-id": run.run_id},
      el("td", {}, el("input", {type: "checkbox", checked: runsState.selected.has(run.run_id), onclick: event => {
        event.stopPropagation();
        event.target.checked ? runsState.selected.add(run.run_id) : runsState.selected.delete(run.run_id);
        compare.disabled = runsState.selected.size < 2 || runsState.selected.size > 20;
      }})),
      el("td", {onclick: () => location.hash = "#run/" + run.run_id}, run.name),
      el("td", {onclick: () => location.hash = "#run/" + run.run_id}, badge(run.status)),
      el("td", {}, bar(run.progress), " ", run.progress_message || ""),
      el("td", {}, when(run.submitted_at)),
      el("td", {}, run.sweep_id ? el("a", {href: "#sweep/" + run.sweep_id}, "sweep") : ""))));
    pager.replaceChildren(
      el("button", {disabled: runsState.cursors.length === 1, onclick: () => { runsState.cursors.pop(); refresh(); }}, "‹ newer"),
      el("button", {id: "older", disabled: !page.next_cursor, onclick: () => { runsState.cursors.push(page.next_cursor); refresh(); }}, "older ›"));
    compare.disabled = runsState.selected.size < 2 || runsState.selected.size > 20;
    stamp();
  }
  return every(refresh);
}

async function runView(id) {
  const head = el("div");
  const body = el("div");
  let reportShown = false;
  view.replaceChildren(el("p", {}, el("a", {href: "#runs"}, "‹ runs")), head, body);

  async function refresh() {
    const [run, history] = await Promise.all([api("/backtests/" + id), api("/backtests/" + id + "/events")]);
    head.replaceChildren(el("h1", {}, run.name), el("p", {}, badge(run.status), " ", bar(run.progress), " ",
      run.progress_message || "", " · attempt ", run.attempt, " of ", run.max_attempts,
      run.sweep_id ? el("span", {}, " · point ", run.sweep_point, " of ", el("a", {href: "#sweep/" + run.sweep_id}, "its sweep")) : ""),
      run.error ? el("p", {class: "error", id: "run-error"}, run.error) : "");
    if (!reportShown) {
      const artifacts = run.artifacts || [];
      const report = artifacts.find(a => a.name === "report.html");
      body.replaceChildren(
        el("div", {class: "columns"},
          el("section", {class: "card"}, el("h2", {}, "Config"), el("pre", {}, JSON.stringify(run.config, null, 2))),
          el("section", {class: "card"}, el("h2", {}, "Events"), el("table", {id: "events"},
            el("thead", {}, el("tr", {}, ["at", "from", "to", "detail"].map(h => el("th", {}, h)))),
            el("tbody", {}, history.events.map(e => el("tr", {}, el("td", {}, when(e.at)), el("td", {}, e.from || ""),
              el("td", {}, e.to), el("td", {}, e.detail || ""))))))),
        artifacts.length ? el("section", {class: "card"}, el("h2", {}, "Artifacts"), el("ul", {id: "artifacts"},
          artifacts.map(a => el("li", {}, el("a", {href: a.url, target: "_blank", rel: "noopener"}, a.name), " · ",
            a.size.toLocaleString(), " bytes")))) : "",
        report ? el("iframe", {class: "report", id: "report", src: report.url, title: "report"}) : "");
      reportShown = Boolean(report);
    }
    stamp();
    if (TERMINAL.includes(run.status) && reportShown) clearInterval(poller);
  }
  return every(refresh);
}

// ---- sweeps -----------------------------------------------------------------------------------

async function sweepsView() {
  const list = el("tbody");
  const pager = el("div", {class: "pager"});
  view.replaceChildren(el("h1", {}, "Sweeps"), el("div", {class: "card"},
    el("table", {id: "sweeps"}, el("thead", {}, el("tr", {}, ["name", "status", "points", "queued", "running", "completed", "failed", "cancelled", "submitted"].map(h => el("th", {}, h)))), list), pager));

  function path() {
    const cursor = sweepsState.cursors[sweepsState.cursors.length - 1];
    return "/sweeps?limit=25" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
  }

  async function refresh() {
    const asked = ++sweepsState.asked, asking = path();
    const page = await api(asking);
    if (!isCurrentAnswer(sweepsState, asked, asking, path())) return;
    list.replaceChildren(...page.sweeps.map(s => el("tr", {class: "link", "data-sweep-id": s.sweep_id, onclick: () => location.hash = "#sweep/" + s.sweep_id},
      el("td", {}, s.name), el("td", {}, badge(s.status)), el("td", {}, s.points),
      ["queued", "running", "completed", "failed", "cancelled"].map(k => el("td", {}, s.counts[k])), el("td", {}, when(s.submitted_at)))));
    pager.replaceChildren(
      el("button", {disabled: sweepsState.cursors.length === 1, onclick: () => { sweepsState.cursors.pop(); refresh(); }}, "‹ newer"),
      el("button", {disabled: !page.next_cursor, onclick: () => { sweepsState.cursors.push(page.next_cursor); refresh(); }}, "older ›"));
    stamp();
  }
  return every(refresh);
}

async function sweepView(id) {
  const content = el("div");
  view.replaceChildren(el("p", {}, el("a", {href: "#sweeps"}, "‹ sweeps")), content);

  async function refresh() {
    const sweep = await api("/sweeps/" + id);
    const paths = Object.keys(sweep.grid);
    const done = sweep.status === "done";
    const versions = sweep.data_versions;
    content.replaceChildren(el("h1", {}, sweep.name),
      el("p", {}, badge(sweep.status), " ", bar((sweep.counts.completed + sweep.counts.failed + sweep.counts.cancelled) / sweep.points), " ",
        sweep.counts.completed, " completed, ", sweep.counts.running, " running, ", sweep.counts.queued, " queued, ",
        sweep.counts.failed, " failed, ", sweep.counts.cancelled, " cancelled of ", sweep.points, " ",
        done ? el("button", {class: "primary", id: "compare-sweep", onclick: () => location.hash = "#compare-sweep/" + id}, "Compare points")
          : el("button", {id: "cancel-sweep", onclick: () => api("/sweeps/" + id + "/cancel", {method: "POST"}).then(refresh, error => alert(error.message))}, "Cancel sweep")),
      el("p", {id: "data-versions", class: versions.same_for_all === false ? "warn" : "muted"},
        versions.same_for_all === null ? "No point has completed yet." :
          versions.same_for_all ? "Every completed point read the same data versions." :
            "Points read different data: " + versions.groups.map(g => "points " + g.points.join(", ") + " saw " +
              Object.entries(g.data_versions).map(([t, v]) => t + " v" + v.delta_version).join(", ")).join("; ")),
      el("div", {class: "card"}, el("table", {id: "points"},
        el("thead", {}, el("tr", {}, ["point", ...paths, "status", "total return", "CAGR", "Sharpe", "max drawdown"].map(h => el("th", {}, h)))),
        el("tbody", {}, sweep.results.map(p => el("tr", {class: "link", onclick: () => location.hash = "#run/" + p.run_id},
          el("td", {}, p.point), paths.map(path => el("td", {}, JSON.stringify(p.parameters[path]))), el("td", {}, badge(p.status)),
          el("td", {}, pct(p.metrics && p.metrics.total_return)), el("td", {}, pct(p.metrics && p.metrics.cagr)),
          el("td", {}, ratio(p.metrics && p.metrics.sharpe)), el("td", {}, pct(p.metrics && p.metrics.max_drawdown))))))));
    stamp();
    if (done) clearInterval(poller);
  }
  return every(refresh);
}

// ---- compare and data -------------------------------------------------------------------------

async function compareView(path) {
  clearInterval(poller);
  view.replaceChildren(el("p", {}, el("a", {href: "#runs"}, "‹ runs")), el("p", {class: "muted"}, "comparing…"));
  try {
    const page = await api(path, {headers: {"Accept": "text/html"}});
    view.replaceChildren(el("p", {}, el("a", {href: "#runs"}, "‹ runs")),
      el("iframe", {class: "compare", id: "comparison", srcdoc: page, title: "comparison"}));
  } catch (error) {
    view.replaceChildren(el("p", {}, el("a", {href: "#runs"}, "‹ runs")), problem(error));
  }
}

async function dataView() {
  const content = el("div");
  view.replaceChildren(el("h1", {}, "Data freshness"), content);

  async function refresh() {
    try {
      const status = await api("/signals/status");
      content.replaceChildren(el("div", {class: "card"}, el("table", {id: "freshness"},
        el("thead", {}, el("tr", {}, ["table", "Postgres table", "latest version", "synced version", "lag (versions)", "lag", "rows", "synced at", "error"].map(h => el("th", {}, h)))),
        el("tbody", {}, status.tables.map(t => el("tr", {},
          el("td", {}, t.table), el("td", {}, t.postgres_table), el("td", {}, t.latest_version ?? "–"), el("td", {}, t.synced_version ?? "–"),
          el("td", {class: t.lag_versions ? "warn" : "ok"}, t.lag_versions ?? "–"),
          el("td", {}, t.lag_seconds === null ? "–" : t.lag_seconds + " s"), el("td", {}, t.row_count === null ? "–" : t.row_count.toLocaleString()),
          el("td", {}, when(t.synced_at)), el("td", {class: "error"}, t.last_error || t.delta_error || "")))))));
    } catch (error) {
      content.replaceChildren(problem(error));
    }
    stamp();
  }
  return every(refresh);
}

// ---- routing ----------------------------------------------------------------------------------

function route() {
  const [name, argument] = (location.hash.slice(1) || "runs").split("/");
  document.querySelectorAll("nav a").forEach(a => a.classList.toggle("active", a.dataset.tab === name.replace(/^run$/, "runs").replace(/^sweep$/, "sweeps")));
  const views = {
    runs: () => runsView(),
    run: () => runView(argument),
    sweeps: () => sweepsView(),
    sweep: () => sweepView(argument),
    compare: () => compareView("/compare?runs=" + encodeURIComponent(argument || "")),
    "compare-sweep": () => compareView("/sweeps/" + argument + "/compare"),
    data: () => dataView()
  };
  (views[name] || views.runs)().catch(error => view.replaceChildren(problem(error)));
}

window.addEventListener("hashchange", route);
route();
