// Drives the dashboard in Debian's Chromium against a running local stack:
//   node src/test/browser/dashboard.mjs BASE_URL FUNCTION_KEY SCREENSHOT_DIR PAGING_NAME [START END]
// It submits two runs and a sweep through the API, watches a run finish on the page, opens its
// report, compares the two runs, opens the sweep and the data freshness page, and takes a
// screenshot of each page. Then it pages through the runs named PAGING_NAME (the caller inserts
// 30 of them) while a poll of the first page is answered late. Exit code 0 and "ok" on the last
// line when everything was seen.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// START and END must lie within the stack's market data (the test stack's by default).
const [base, key, shots, pagingName, start = "2020-01-01", end = "2020-12-31"] = process.argv.slice(2);
if (!base || !key || !shots || !pagingName) {
  console.error("usage: dashboard.mjs BASE_URL FUNCTION_KEY SCREENSHOT_DIR PAGING_NAME [START END]");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });
const suffix = Math.random().toString(36).slice(2, 8);
const problems = [];

async function submit(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "x-functions-key": key },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status !== 202) throw new Error(path + " answered " + response.status + ": " + JSON.stringify(json));
  return json;
}

const config = (name, topN) => ({ name, start, end, selection: { top_n: topN } });
const first = await submit("/backtests", config("browser-a-" + suffix, 5));
const second = await submit("/backtests", config("browser-b-" + suffix, 10));
const sweep = await submit("/sweeps", {
  name: "browser-sweep-" + suffix,
  base: { start, end },
  grid: { "selection.top_n": [3, 6] },
});
console.log("submitted " + first.run_id + ", " + second.run_id + " and sweep " + sweep.sweep_id);

const profile = mkdtempSync(join(tmpdir(), "dashboard-chromium-"));
// A fresh profile every time (Playwright passes it to Chromium as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.on("console", message => { if (message.type() === "error") problems.push("console: " + message.text()); });
  page.on("pageerror", error => problems.push("page error: " + error.message));
  page.on("response", response => { if (response.status() === 401) problems.push("401 for " + new URL(response.url()).pathname); });

  await page.goto(base + "/dashboard?code=" + encodeURIComponent(key));
  const row = page.locator(`tr[data-run-id="${first.run_id}"]`);
  await row.locator(".badge").filter({ hasText: "completed" }).waitFor({ timeout: 120_000 });
  console.log("run finished on the page");
  await page.locator(`tr[data-run-id="${second.run_id}"] .badge`).filter({ hasText: "completed" }).waitFor({ timeout: 120_000 });
  await page.screenshot({ path: join(shots, "dashboard-runs.png") });

  await row.locator("td").nth(1).click();
  await page.frameLocator("#report").getByText("Backtest report").waitFor({ timeout: 30_000 });
  await page.locator("#events").getByText("completed").first().waitFor();
  console.log("report opened");
  await page.screenshot({ path: join(shots, "dashboard-run.png"), fullPage: false });

  await page.goto(base + "/dashboard?code=" + encodeURIComponent(key) + "#runs");
  await page.locator(`tr[data-run-id="${first.run_id}"] input[type=checkbox]`).check();
  await page.locator(`tr[data-run-id="${second.run_id}"] input[type=checkbox]`).check();
  await page.locator("#compare-selected").click();
  const comparison = page.frameLocator("#comparison");
  await comparison.getByText("Backtest comparison").waitFor({ timeout: 30_000 });
  await comparison.getByText("browser-b-" + suffix).first().waitFor();
  console.log("compared two runs");
  await page.screenshot({ path: join(shots, "dashboard-compare.png") });

  await page.locator('nav a[data-tab="sweeps"]').click();
  await page.locator(`tr[data-sweep-id="${sweep.sweep_id}"]`).click();
  await page.locator(".badge", { hasText: "done" }).first().waitFor({ timeout: 120_000 });
  await page.locator("#data-versions").waitFor();
  console.log("sweep done on the page");
  await page.screenshot({ path: join(shots, "dashboard-sweep.png") });

  await page.locator('nav a[data-tab="data"]').click();
  await page.locator("#freshness, #view .error").first().waitFor({ timeout: 30_000 });
  console.log("data freshness shown");
  await page.screenshot({ path: join(shots, "dashboard-data.png") });

  // The page polls its current page every 3 s. A poll of page 1 answered after "older ›" has
  // shown page 2 must not put page 1 back (nor its "older ›" cursor) under a pager that is on page 2.
  await page.locator('nav a[data-tab="runs"]').click();
  await page.locator("#name-filter").fill(pagingName);
  await page.locator("#name-filter").press("Enter");
  const rows = page.locator("#runs tbody tr");
  await page.waitForFunction(name => {
    const names = [...document.querySelectorAll("#runs tbody tr td:nth-child(2)")].map(td => td.textContent);
    return names.length === 25 && names.every(n => n === name);
  }, pagingName);
  const firstPage = await rows.evaluateAll(trs => trs.map(tr => tr.dataset.runId));
  const isFirstPagePoll = url => url.pathname === "/backtests" && url.searchParams.get("name") === pagingName && !url.searchParams.has("cursor");
  let release, heldSeen;
  const held = new Promise(resolve => release = resolve);
  const seen = new Promise(resolve => heldSeen = resolve);
  await page.route(url => isFirstPagePoll(url), async route => { heldSeen(); await held; await route.continue(); }, { times: 1 });
  await seen;
  await page.locator("#older").click();
  await page.waitForFunction(() => document.querySelectorAll("#runs tbody tr").length === 5);
  await page.evaluate(ids => {
    window.firstPageCameBack = false;
    new MutationObserver(() => {
      const first = document.querySelector("#runs tbody tr");
      if (first && ids.includes(first.dataset.runId)) window.firstPageCameBack = true;
    }).observe(document.getElementById("view"), { childList: true, subtree: true });
  }, firstPage);
  const lateAnswer = page.waitForEvent("requestfinished", request => isFirstPagePoll(new URL(request.url())));
  release();
  await lateAnswer;
  // The next poll (of page 2) starts about 3 s later, long after the late answer was handled.
  await page.waitForResponse(response => new URL(response.url()).searchParams.has("cursor") && response.url().includes("/backtests"));
  await page.evaluate(() => new Promise(requestAnimationFrame));
  if (await page.evaluate(() => window.firstPageCameBack)) problems.push("a late poll of page 1 replaced page 2");
  if (await rows.count() !== 5) problems.push("page 2 shows " + await rows.count() + " rows, not 5");
  await page.getByRole("button", { name: "‹ newer" }).click();
  await page.locator(`#runs tbody tr[data-run-id="${firstPage[0]}"]`).waitFor();
  await page.locator("#older").click();
  await page.waitForFunction(() => document.querySelectorAll("#runs tbody tr").length === 5);
  console.log("paged through the runs while a poll answered late");
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
// The freshness page may show a 503 problem (no DELTA_ROOT in the test stack); that is the API's answer, not a page error.
const unexpected = problems.filter(p => !p.includes("503"));
if (unexpected.length) {
  console.error(unexpected.join("\n"));
  process.exit(1);
}
console.log("ok");
