import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { nonePending } from "../../grader/checks/common";
import { fetchedByAiohttpOnLoop } from "../../grader/checks/http";
import { check, type CheckResult } from "../../grader/checks/result";
import { poolMakespan, sum } from "../../grader/checks/schedule";
import { fmt, maxOverlap, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { atLeast, halfway, mostOf, returnedWithin } from "../../grader/checks/policy";

const needs = { entry: "run_crawl", requires: ["crawl"], coroutines: ["crawl"] };
const WORDS = [
  "home",
  "about",
  "blog",
  "docs",
  "faq",
  "team",
  "jobs",
  "press",
  "shop",
  "help",
  "news",
  "legal",
  "pricing",
  "events",
];

/**
 * The site's shape. S links to four pages, one of them slow (D); the second level holds a slow
 * page (X) and one that answers well within the timeout but slower than the rest (N). Pages behind slow ones (H, I) are
 * unreachable. Links repeat within a page and across pages, and lead back (cycles).
 */
const LINKS: Record<string, string[]> = {
  S: ["A", "B", "C", "D", "A", "S"],
  A: ["E", "B", "S", "E", "P"],
  B: ["F", "X", "E"],
  C: ["G", "N", "A", "Q"],
  D: ["H"],
  E: ["S", "F"],
  F: ["G", "C"],
  G: ["S", "E", "A"],
  N: ["S", "G"],
  X: ["I"],
  P: ["S", "E"],
  Q: ["A", "P"],
  H: ["S"],
  I: ["S"],
};
const LEVELS = [["S"], ["A", "B", "C", "D"], ["E", "F", "G", "N", "X", "P", "Q"]];
const SLOW = ["D", "X"];
/** How long after its timeout a crawl of only a slow start page may still be giving up (load discounted). */
const GIVE_UP_MARGIN = 0.5;
const UNREACHABLE = ["H", "I"];

interface Site {
  start: string;
  max_concurrency: number;
  timeout: number;
  /** Page letter → path, and each path's server delay. */
  paths: Record<string, string>;
  delays: Record<string, number>;
  visited: string[];
  timed_out: string[];
  unreachable: string[];
}
interface Returned {
  visited?: unknown;
  timed_out?: unknown;
}

function page(title: string, links: string[]): string {
  const items = links.map((href) => `    <li><a href="$BASE${href}">${href.split("/").pop()} →</a></li>`).join("\n");
  return (
    `<!doctype html>\n<html><head><title>${title} — café 日本</title></head>\n<body>\n  ` +
    `<h1>${title}</h1>\n  <p>Welcome to the ${title} page (naïve → über).</p>\n  <ul>\n${items}\n  ` +
    `</ul>\n</body></html>\n`
  );
}

function siteScenario(rng: Rng): ScenarioSpec {
  const tag = rng.token(5);
  const letters = Object.keys(LINKS);
  const words = rng.sample(WORDS, letters.length);
  const paths = Object.fromEntries(letters.map((l, i) => [l, `/${tag}/${words[i]}`]));
  const timeout = rng.between(0.6, 0.8);
  const delays: Record<string, number> = {};
  for (const l of letters)
    delays[l] = SLOW.includes(l) ? timeout + 0.4 : l === "N" ? timeout - 0.3 : l === "S" ? 0.1 : rng.between(0.15, 0.3);
  const http = Object.fromEntries(
    letters.map((l) => [
      paths[l],
      {
        delay: delays[l],
        body: page(
          words[letters.indexOf(l)],
          LINKS[l].map((t) => paths[t]),
        ),
        type: "text/html; charset=utf-8",
      },
    ]),
  );
  const reachable = LEVELS.flat();
  const site: Site = {
    start: `$BASE${paths.S}`,
    max_concurrency: rng.int(2, 3),
    timeout,
    paths,
    delays,
    visited: reachable
      .filter((l) => !SLOW.includes(l))
      .map((l) => paths[l])
      .sort(),
    timed_out: SLOW.map((l) => paths[l]).sort(),
    unreachable: UNREACHABLE.map((l) => paths[l]),
  };
  return { id: "site", ...needs, args: visibleArgs(site), http, hidden: { site }, timeout: 20 };
}

/** Only the start page, slower than the timeout: the crawl must give up after `timeout`. */
function slowStartScenario(rng: Rng): ScenarioSpec {
  const tag = rng.token(5);
  const timeout = rng.between(0.5, 0.7);
  const slow = timeout + 0.8;
  const start = `/${tag}/index`;
  const behind = `/${tag}/behind`;
  const site: Site = {
    start: `$BASE${start}`,
    max_concurrency: 2,
    timeout,
    paths: { S: start, H: behind },
    delays: { S: slow, H: 0.1 },
    visited: [],
    timed_out: [start],
    unreachable: [behind],
  };
  const http = {
    [start]: { delay: slow, body: page("index", [behind]), type: "text/html; charset=utf-8" },
    [behind]: { delay: 0.1, body: page("behind", [start]), type: "text/html; charset=utf-8" },
  };
  return { id: "slowstart", ...needs, args: visibleArgs(site), http, hidden: { site }, timeout: 20 };
}

/** Only what crawl is called with enters the sandbox: the site's paths, delays and answers stay on the host. */
const visibleArgs = (site: Site) => ({
  start: site.start,
  max_concurrency: site.max_concurrency,
  timeout: site.timeout,
});
const siteOf = (v: ScenarioView) => v.spec.hidden!.site as Site;
const returned = (v: ScenarioView) => (v.value && typeof v.value === "object" ? (v.value as Returned) : {});
/** The fixture's address, as PID 1 started it. */
const baseOf = (v: ScenarioView) => v.ev.fixtures?.base ?? "";

/** The URLs a list holds, as paths of the fixture site (other URLs kept whole). */
function pathsIn(v: ScenarioView, list: unknown): string[] | null {
  if (!Array.isArray(list)) return null;
  const base = baseOf(v);
  return list.map((u) => (typeof u === "string" && u.startsWith(base) ? u.slice(base.length) : JSON.stringify(u)));
}

// evidence: cross-checked — the returned lists equal the site's hidden paths, which only the
// fixture's pages (outside) could have revealed.
function resultList(views: ScenarioView[], key: "visited" | "timed_out", weight: number): CheckResult {
  const id = key === "visited" ? "returns.visited" : "returns.timed-out";
  for (const v of views) {
    const site = siteOf(v);
    const want = site[key];
    const got = pathsIn(v, returned(v)[key]);
    if (JSON.stringify(got) === JSON.stringify(want)) continue;
    const base = baseOf(v);
    const slowInVisited = key === "visited" && got && site.timed_out.some((p) => got.includes(p));
    const sortedOk = got && JSON.stringify([...got].sort()) === JSON.stringify(want);
    return check(
      id,
      weight,
      false,
      {
        pass: "",
        fail:
          `"${key}" should be ${JSON.stringify(want.map((p) => base + p))}, but was ` +
          `${JSON.stringify(returned(v)[key] ?? null)}.` +
          (slowInVisited
            ? ` Pages slower than timeout=${site.timeout} s must be abandoned and listed under "timed_out": ` +
              `wrap each request in \`asyncio.timeout(timeout)\` (or wait_for).`
            : "") +
          (sortedOk ? " The URLs are right but not sorted." : "") +
          (key === "timed_out" && got?.length === 0
            ? " Nothing timed out: did you give up on slow pages after `timeout` seconds?"
            : ""),
      },
      "cross-checked",
    );
  }
  return check(
    id,
    weight,
    true,
    {
      pass:
        key === "visited"
          ? 'Every reachable page that answered in time was listed under "visited".'
          : 'Every page slower than the timeout was listed under "timed_out".',
      fail: "",
    },
    "cross-checked",
  );
}

// evidence: outside — the fixture's request log: each reachable path once, no other.
function fetchedOnce(views: ScenarioView[]): CheckResult {
  for (const v of views) {
    const site = siteOf(v);
    const counts = new Map<string, number>();
    for (const r of v.ev.fixtures?.requests ?? []) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
    const twice = [...counts].find(([, n]) => n > 1);
    const reachable = [...site.visited, ...site.timed_out];
    const never = reachable.find((p) => !counts.has(p));
    const extra = [...counts.keys()].find((p) => !reachable.includes(p));
    // A second request that began once the first had run out of time is a retry, not a page queued twice.
    const asked = twice
      ? (v.ev.fixtures?.requests ?? []).filter((r) => r.path === twice[0]).sort((a, b) => a.start - b.start)
      : [];
    const retried = asked.length > 1 && atLeast(asked[1].start - asked[0].start, site.timeout, "retry");
    if (twice || never || extra)
      return check("trace.once", 3, false, {
        pass: "",
        fail: retried
          ? `The server saw ${twice![1]} requests for ${twice![0]}: it was requested again after the first ` +
            `request ran out of time. A page that times out is given up on and listed under "timed_out", ` +
            `never retried.`
          : twice
            ? `The server saw ${twice[1]} requests for ${twice[0]}: every page must be fetched once. Remember ` +
              `a URL as seen when you queue it, not after fetching it — links repeat and lead back.`
            : never
              ? `The page ${never} is reachable from the start page but was never requested.`
              : `The crawler requested ${extra}, which no page that answered in time links to: don't follow ` +
                `links of pages that timed out.`,
      });
  }
  return check("trace.once", 3, true, {
    pass: "The server saw exactly one request for each reachable page, none for the others.",
    fail: "",
  });
}

/**
 * Requests in flight as the client saw them: the fixture keeps sleeping on a request the client
 * abandoned, so an abandoned request counts only until its timeout (with slack for latency).
 */
function inFlight(v: ScenarioView): number {
  const site = siteOf(v);
  const reqs = v.ev.fixtures?.requests ?? [];
  return maxOverlap(
    reqs.map((r) => ({ start: r.start, end: Math.min(r.end ?? Infinity, r.start + site.timeout - 0.1) })),
  );
}

// evidence: outside — the fixture's request times (abandoned requests counted until their timeout).
function concurrencyLimit(v: ScenarioView): CheckResult {
  const c = siteOf(v).max_concurrency;
  const most = inFlight(v);
  return check("trace.max-in-flight", 3, most === c, {
    pass: `With max_concurrency=${c}, the server saw ${c} requests in flight at the busiest moment, never more.`,
    fail:
      most > c
        ? `With max_concurrency=${c}, the server saw ${most} requests in flight at once. Limit the requests ` +
          `with an \`asyncio.Semaphore(max_concurrency)\` or a fixed number of worker tasks.`
        : `With max_concurrency=${c}, the server never saw more than ${most} request${most === 1 ? "" : "s"} ` +
          `at once: fetch up to ${c} pages at the same time whenever that many are waiting.`,
  });
}

// evidence: outside — PID 1's clock, less the loop thread's run-queue wait read from /proc.
/** The slowest valid crawl: level by level, each level through `c` slots; slow pages cost the timeout. */
function timing(v: ScenarioView): CheckResult {
  const site = siteOf(v);
  const cost = (l: string) => (SLOW.includes(l) ? site.timeout : site.delays[l]);
  const levels = sum(LEVELS.map((level) => poolMakespan(level.map(cost), site.max_concurrency)));
  const sequential = sum(LEVELS.flat().map(cost));
  const limit = halfway(levels, sequential);
  // Upper bound by PID 1's clock: time the loop waited for a CPU is the machine's load, not the student's.
  // Lower bound: the slowest chain of pages (S, then A..D, then N) cannot be skipped.
  const took = v.outsideActiveElapsed;
  const floor = site.delays.S + site.delays.N;
  const ok = atLeast(v.outsideElapsed ?? 0, floor, "return") && returnedWithin(v, limit);
  return check("timing.concurrent", 1, ok, {
    pass:
      `The crawl took ${fmt(took)}, within the ${fmt(limit)} allowed: fetching ${site.max_concurrency} pages ` +
      `at a time takes about ${fmt(levels)}, one page after another about ${fmt(sequential)}.`,
    fail:
      `The crawl took ${fmt(took)}, more than the ${fmt(limit)} allowed: with ${site.max_concurrency} ` +
      `requests at a time it takes about ${fmt(levels)}, one page after another about ${fmt(sequential)}.`,
  });
}

// evidence: outside — PID 1's clock, and the fixture saw the start page requested.
function givesUp(v: ScenarioView): CheckResult {
  const site = siteOf(v);
  const asked = (v.ev.fixtures?.requests ?? []).some((r) => r.path === site.paths.S);
  const e = v.outsideElapsed;
  const active = v.outsideActiveElapsed;
  // Lower bound on the wall clock (waiting can't be skipped), upper bound discounting CPU waits.
  const ok = asked && atLeast(e, site.timeout, "return") && returnedWithin(v, site.timeout + GIVE_UP_MARGIN);
  return check("timing.gives-up", 2, ok, {
    pass: `With a start page slower than timeout=${site.timeout} s, the crawl gave up after ${fmt(e)}.`,
    fail: !asked
      ? "The crawl never requested the start page."
      : e !== null && !atLeast(e, site.timeout, "return")
        ? `With timeout=${site.timeout} s, the crawl gave up on the start page after only ${fmt(e)}: wait ` +
          `the full timeout before giving up.`
        : `With timeout=${site.timeout} s and a start page that takes ${fmt(site.delays.S)}, the crawl took ` +
          `${fmt(active)}: give up on a page \`timeout\` seconds after requesting it.`,
  });
}

export default defineExercise({
  failsWith: {
    "wrong/no-limit.py": "trace.max-in-flight",
    "wrong/marks-after-fetch.py": "trace.once",
    "wrong/no-timeout.py": "returns.timed-out",
    "wrong/sequential.py": "trace.max-in-flight",
    "wrong/retries-timeouts.py": "trace.once",
  },
  scenarios: (rng) => [siteScenario(rng), slowStartScenario(rng)],
  checks: {
    "returns.visited": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["site", "slowstart"],
      evidence: "returned URLs equal the hidden paths only the served pages reveal",
      judge: ({ site, slowstart }) => resultList([site, slowstart], "visited", 3),
    },
    "returns.timed-out": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["site", "slowstart"],
      evidence: "returned URLs equal the hidden paths only the served pages reveal",
      judge: ({ site, slowstart }) => resultList([site, slowstart], "timed_out", 2),
    },
    "trace.once": {
      weight: 3,
      kind: "outside",
      scenarios: ["site", "slowstart"],
      evidence: "fixture log: each reachable page once; requests in flight",
      judge: ({ site, slowstart }) => fetchedOnce([site, slowstart]),
    },
    "trace.max-in-flight": {
      weight: 3,
      kind: "outside",
      scenarios: ["site"],
      evidence: "fixture log: each reachable page once; requests in flight",
      judge: ({ site }) => concurrencyLimit(site),
    },
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["site"],
      evidence: "PID 1's clock; the fixture saw the start page",
      judge: ({ site }) => timing(site),
    },
    "timing.gives-up": {
      weight: 2,
      kind: "outside",
      scenarios: ["slowstart"],
      evidence: "PID 1's clock; the fixture saw the start page",
      judge: ({ slowstart }) => givesUp(slowstart),
    },
    // evidence: outside — User-Agent of each request, /proc socket syscalls of non-main threads.
    "http.aiohttp-on-loop": {
      weight: 1,
      kind: "outside",
      scenarios: ["site", "slowstart"],
      evidence: "User-Agent; no non-loop thread in socket calls (/proc)",
      judge: ({ site, slowstart }) => fetchedByAiohttpOnLoop([site, slowstart], 1),
    },
    // evidence: cross-checked — the inside task list, counted only once observed() holds.
    // A crawl waits at least the timeout for the slow pages: judged once it did.
    "tasks.none-pending": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["site", "slowstart"],
      evidence: "inside pending list, once the work was seen",
      judge: ({ site, slowstart }) =>
        nonePending([site, slowstart], 1, { minSeconds: (v) => mostOf(siteOf(v).timeout) }),
    },
  },
});
