// Times the dashboard in Debian's Chromium against a running stack whose runs do not change meanwhile:
//   node src/test/browser/dashboard-bench.mjs BASE_URL FUNCTION_KEY [LOADS=20] [PAGES=50]
// bin/bench-dashboard runs it (docs/performance.md, "Dashboard"). A measurement, not a test: it
// prints times and sizes. What each step waits for is the row the API says comes first on that
// page (read beforehand with the dashboard's page size), so a stale or missing render cannot pass
// for a fast one; a step that never shows its row fails the script.
// Times are taken inside the page (performance.now) up to the first animation frame after the
// rows are in the DOM, so they include the API call, rendering and layout, not Playwright's round trips.
import { chromium } from "playwright-core";

const [base, key, loads = "20", pages = "50"] = process.argv.slice(2);
if (!base || !key) {
  console.error("usage: dashboard-bench.mjs BASE_URL FUNCTION_KEY [LOADS] [PAGES]");
  process.exit(2);
}
const LOADS = Number(loads);
const PAGES_ASKED = Number(pages);
const PAGE_SIZE = 25; // the dashboard's page size (dashboard.js)
const STATUSES = ["failed", "completed", "queued", "running", "cancelled"];
const url = base + "/dashboard?code=" + encodeURIComponent(key);

async function api(path) {
  const response = await fetch(base + path, { headers: { "x-functions-key": key } });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

/** The first row's id of each of the first `count` pages (fewer if the list ends), following next_cursor like "older ›". */
async function firstIds(path, listName, idName, count) {
  const ids = [];
  let cursor = null;
  for (let i = 0; i < count; i++) {
    const page = await api(path + (path.includes("?") ? "&" : "?") + "limit=" + PAGE_SIZE + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
    if (!page[listName].length) throw new Error(path + " has only " + i + " pages; seed more rows");
    ids.push(page[listName][0][idName]);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return ids;
}

const runPages = await firstIds("/backtests", "runs", "run_id", PAGES_ASKED + 1);
const PAGES = runPages.length - 1; // clicks on "older ›": fewer when the list is shorter
const statusFirst = {};
for (const status of STATUSES) statusFirst[status] = (await firstIds("/backtests?status=" + status, "runs", "run_id", 1))[0];
const sweepFirst = (await firstIds("/sweeps", "sweeps", "sweep_id", 1))[0];

// In the page: do `act` (click a selector, or choose a status in the filter), then resolve with the ms until the first animation frame after the
// first row of `selector` has attribute `attribute` = `expected`.
async function timed(page, act, selector, attribute, expected) {
  return page.evaluate(({ act, selector, attribute, expected }) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    const shown = () => document.querySelector(selector)?.getAttribute(attribute) === expected;
    const timeout = setTimeout(() => { observer.disconnect(); reject(new Error("no " + selector + "[" + attribute + "=" + expected + "] after 15 s")); }, 15_000);
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      clearTimeout(timeout);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.getElementById("view"), { childList: true, subtree: true });
    if (act.click) {
      document.querySelector(act.click).click();
    } else {
      const filter = document.getElementById("status-filter");
      filter.value = act.status;
      filter.dispatchEvent(new Event("change"));
    }
  }), { act, selector, attribute, expected });
}

const click = selector => ({ click: selector });
const FIRST_RUN = "#runs tbody tr";
const FIRST_SWEEP = "#sweeps tbody tr";

async function sizes(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const metric = name => metrics.find(m => m.name === name).value;
  const rows = await page.locator(FIRST_RUN).count();
  return { heapMb: metric("JSHeapUsedSize") / 1e6, nodes: metric("Nodes"), listeners: metric("JSEventListeners"), rows };
}

function summary(name, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = p => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  console.log(`  ${name}: n=${sorted.length} p50=${at(0.5).toFixed(1)} ms p95=${at(0.95).toFixed(1)} ms max=${sorted[sorted.length - 1].toFixed(1)} ms`);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // Fresh loads: a new context (empty cache, new renderer) each time; the time is from the start
  // of navigation (performance.timeOrigin) to the frame after the first page of runs is in the DOM.
  const firstPage = [], html = [], listAsked = [], listAnswered = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(({ selector, expected }) => {
      new MutationObserver((_, observer) => {
        if (document.querySelector(selector)?.getAttribute("data-run-id") !== expected) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          const list = performance.getEntriesByType("resource").find(e => new URL(e.name).pathname === "/backtests");
          window.__firstRows = { rendered: performance.now(), html: performance.getEntriesByType("navigation")[0].responseEnd,
            listAsked: list.startTime, listAnswered: list.responseEnd };
        });
      }).observe(document, { childList: true, subtree: true });
    }, { selector: FIRST_RUN, expected: runPages[0] });
    const page = await context.newPage();
    await page.goto(url);
    const t = await (await page.waitForFunction(() => window.__firstRows, null, { timeout: 15_000 })).jsonValue();
    if (i > 0) { // the first load also warms the server's code paths
      firstPage.push(t.rendered);
      html.push(t.html);
      listAsked.push(t.listAsked);
      listAnswered.push(t.listAnswered);
    }
    await context.close();
  }
  summary(`first page of runs, navigation -> rows (${LOADS} fresh loads after 1 warm-up)`, firstPage);
  summary("  of which: the page's HTML received at", html);
  summary("  GET /backtests asked at", listAsked);
  summary("  GET /backtests answered at", listAnswered);

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", error => problems.push("page error: " + error.message));
  page.on("console", message => { if (message.type() === "error") problems.push("console: " + message.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(url);
  await page.locator(`${FIRST_RUN}[data-run-id="${runPages[0]}"]`).waitFor();
  const before = await sizes(page, cdp);

  const older = [];
  let second;
  for (let i = 1; i <= PAGES; i++) {
    older.push(await timed(page, click("#older"), FIRST_RUN, "data-run-id", runPages[i]));
    if (i === 1) second = await sizes(page, cdp);
  }
  summary(`"older ›", pages 2 to ${PAGES + 1}`, older);
  const after = await sizes(page, cdp);
  for (const [when, s] of [["page 1", before], ["page 2", second], [`page ${PAGES + 1}`, after]]) {
    console.log(`  ${when}: JS heap ${s.heapMb.toFixed(2)} MB, ${s.nodes} DOM nodes, ${s.listeners} listeners, ${s.rows} rows`);
  }

  const filtered = [];
  for (let round = 0; round < 4; round++) {
    for (const status of STATUSES) filtered.push(await timed(page, { status }, FIRST_RUN, "data-run-id", statusFirst[status]));
  }
  await timed(page, { status: "" }, FIRST_RUN, "data-run-id", runPages[0]);
  summary("status filter change (first page of the status)", filtered);

  const sweeps = [];
  for (let i = 0; i < 10; i++) {
    await timed(page, click('nav a[data-tab="runs"]'), FIRST_RUN, "data-run-id", runPages[0]);
    sweeps.push(await timed(page, click('nav a[data-tab="sweeps"]'), FIRST_SWEEP, "data-sweep-id", sweepFirst));
  }
  summary("sweeps list from the runs tab (first page, with counts)", sweeps);

  if (problems.length) throw new Error(problems.join("\n"));
} finally {
  await browser.close();
}
