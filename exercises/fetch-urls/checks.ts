import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, observed, sameMultiset } from "../../grader/checks/common";
import { fetchedByAiohttpOnLoop, notEachOnce } from "../../grader/checks/http";
import { check } from "../../grader/checks/result";
import { showLines } from "../../grader/checks/view";
import type { ScenarioView } from "../../grader/checks/view";
import { mostOf, waited } from "../../grader/checks/policy";

const names = ["fetch_url", "fetch_all"];
// Non-ASCII words (all in the BMP, so a JavaScript length is a Python len): a byte count differs.
const WORDS = ["loop", "task", "await", "café", "gather", "→", "session", "日本", "naïve", "event", "über"];

/** A page body: it never enters the sandbox except as the fixture's answer. */
function page(rng: Rng) {
  const words = Array.from({ length: rng.int(8, 90) }, () => rng.pick(WORDS));
  return `<p>${rng.token(12)} é→日本 ${words.join(" ")}</p>`;
}

/** Distinct delays in an order that is never ascending, so that arrival order differs from input order. */
function delaysFor(rng: Rng, count: number): number[] {
  const base = rng.sample([0.3, 0.35, 0.4, 0.45, 0.5, 0.55], count);
  return base.every((d, i) => i === 0 || base[i - 1] < d) ? base.reverse() : base;
}

type Page = { path: string; body: string; delay: number };
/** The pages, host-only. */
const pagesOf = (v: ScenarioView) => v.spec.hidden!.pages as Page[];

export default defineExercise({
  failsWith: {
    "wrong/sequential.py": "trace.server-concurrency",
    "wrong/session-per-url.py": "session.single",
    "wrong/completion-order.py": "returns.bodies-in-order",
  },
  scenarios: (rng) => {
    const count = rng.int(4, 5);
    const delays = delaysFor(rng, count);
    const pages = delays.map((delay) => ({ path: `/p/${rng.token(6)}`, body: page(rng), delay }));
    const single = { path: `/one/${rng.token(6)}`, body: page(rng), delay: 0.2 };
    return [
      {
        id: "all",
        entry: "fetch_all_entry",
        requires: names,
        coroutines: names,
        args: { urls: pages.map((p) => `$BASE${p.path}`) },
        attributeSessions: true,
        http: Object.fromEntries(pages.map((p) => [p.path, { delay: p.delay, body: p.body }])),
        hidden: { pages },
        timeout: 10,
      },
      {
        id: "one",
        entry: "fetch_url_entry",
        requires: names,
        coroutines: names,
        args: { url: `$BASE${single.path}` },
        http: { [single.path]: { delay: single.delay, body: single.body } },
        hidden: { pages: [single] },
        timeout: 10,
      },
    ];
  },
  given: ({ all, one }) => {
    const pages = pagesOf(all);
    const bodies = pages.map((p) => p.body);
    // `length` of a BMP string is Python's len: characters, not UTF-8 bytes.
    const expectedLines = pages.map((p) => `Fetched ${all.ev.fixtures?.base}${p.path} → ${p.body.length} bytes`);
    const lines = all.lines;
    const requests = all.ev.fixtures?.requests ?? [];
    const inFlight = all.ev.fixtures?.max_in_flight ?? 0;
    const notOnce = notEachOnce(
      all,
      pages.map((p) => p.path),
    );
    // The guard's session of each connection to the fixture (null: opened outside any ClientSession).
    const opened = all.ev.records.filter((r) => r.kind === "connect-session").map((r) => r.session ?? null);
    const sessions = new Set(opened.filter((s) => s !== null)).size;
    const outsideSessions = opened.filter((s) => s === null).length;
    const delays = pages.map((p) => p.delay);
    const [single] = pagesOf(one);
    const oneLine = `Fetched ${one.ev.fixtures?.base}${single.path} → ${single.body.length} bytes`;
    const absent =
      observed(all, waited(Math.min(...delays), "return")) ?? observed(one, waited(single.delay, "return"));
    return {
      pages,
      bodies,
      expectedLines,
      lines,
      requests,
      inFlight,
      notOnce,
      sessions,
      outsideSessions,
      delays,
      single,
      oneLine,
      absent,
    };
  },
  checks: {
    // evidence: cross-checked — the returned list equals the bodies only the fixture (outside) handed out.
    "returns.bodies-in-order": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["all"],
      evidence: "returned value equals the non-ASCII bodies only the fixture served",
      judge: ({ all }, { bodies }) =>
        check(
          "returns.bodies-in-order",
          2,
          JSON.stringify(all.value) === JSON.stringify(bodies),
          {
            pass: "fetch_all returned every body, in the order of the URLs.",
            fail:
              Array.isArray(all.value) && sameMultiset(all.value.map(String), bodies)
                ? "fetch_all returned the right bodies in the wrong order: return them in the order of `urls`, " +
                  "not the order they arrived (asyncio.gather keeps the order)."
                : "fetch_all should return the list of page bodies (the response text), one per URL, in the " +
                  "order of `urls`.",
          },
          "cross-checked",
        ),
    },
    // evidence: outside — printed lines as PID 1 read them; n from the hidden bodies (non-ASCII, so bytes !=
    // characters).
    "output.fetched-lines": {
      weight: 2,
      kind: "outside",
      scenarios: ["all"],
      evidence: "lines read; n counted in characters of the hidden bodies",
      judge: (_views, { pages, expectedLines, lines }) =>
        check(
          "output.fetched-lines",
          2,
          sameMultiset(lines.slice(0, -1), expectedLines) &&
            lines[lines.length - 1] === `Fetched ${pages.length} pages.`,
          {
            pass: "Printed one line per page and the count last.",
            fail:
              `Expected one line "Fetched {url} → {n} bytes" per page (n = len of the body text: ` +
              `characters, the pages hold non-ASCII text) and then "Fetched ${pages.length} pages." last; your ` +
              `output was ${showLines(lines)}.`,
          },
        ),
    },
    // evidence: outside — the fixture's request log: each path once, all in flight together.
    "trace.server-concurrency": {
      weight: 3,
      kind: "outside",
      scenarios: ["all"],
      evidence: "fixture log: each path once, nothing else, all in flight at once",
      judge: (_views, { pages, requests, inFlight, notOnce }) =>
        check(
          "trace.server-concurrency",
          3,
          !notOnce && inFlight === pages.length && requests.length === pages.length,
          {
            pass: `The server answered all ${pages.length} of your requests at the same time, each URL once.`,
            fail: notOnce
              ? `Every URL should be requested exactly once, but ${notOnce}.`
              : `The server never had more than ${inFlight} of your ${pages.length} requests in flight at once: ` +
                `${
                  inFlight <= 1
                    ? "each request waited for the previous one to finish. Start all fetches before " +
                      "awaiting them (asyncio.gather)."
                    : "send all requests at once."
                }`,
          },
        ),
    },
    // evidence: outside — User-Agent of each request and /proc socket syscalls of non-main threads.
    "http.aiohttp-on-loop": {
      weight: 2,
      kind: "outside",
      scenarios: ["all", "one"],
      evidence:
        "User-Agent of each request; no non-loop thread in a TCP socket call or blocked " +
        "while requests were in flight (/proc)",
      judge: ({ all, one }) => fetchedByAiohttpOnLoop([all, one], 2),
    },
    // evidence: outside — PID 1's clock.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["all"],
      evidence: "PID 1's clock less run-queue wait",
      judge: ({ all }, { delays }) =>
        concurrentTiming(all, {
          concurrent: Math.max(...delays),
          sequential: delays.reduce((a, b) => a + b, 0),
          weight: 1,
          hint: "Fetch the pages concurrently, not one after another.",
        }),
    },
    // evidence: cross-checked — the guard's session of each connection to the fixture (from the
    // call's frames), judged only once the fixture saw the scenario's requests (outside).
    "session.single": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["all", "one"],
      evidence:
        "the guard's ClientSession of each connection to the fixture, judged only when the fixture log is right",
      judge: (_views, { notOnce, sessions, outsideSessions, absent }) =>
        check(
          "session.single",
          1,
          !absent && !notOnce && sessions === 1 && outsideSessions === 0,
          {
            pass: "fetch_all used one ClientSession for every request.",
            fail: absent
              ? `Not judged: ${absent}.`
              : notOnce
                ? `Not judged: ${notOnce}.`
                : outsideSessions > 0
                  ? `${outsideSessions} connection(s) to the pages were opened outside an aiohttp ClientSession: ` +
                    `fetch every URL with \`session.get(url)\` on the one session.`
                  : `fetch_all made its requests from ${sessions} ClientSession${sessions === 1 ? "" : "s"}: open ` +
                    `exactly one and pass it to every fetch_url call.`,
          },
          "cross-checked",
        ),
    },
    // evidence: cross-checked — value equals the hidden body; outside — the line and the one request.
    "returns.fetch-url": {
      weight: 1,
      kind: "cross-checked",
      scenarios: ["one"],
      evidence: "returned value equals the non-ASCII bodies only the fixture served",
      judge: ({ one }, { single, oneLine }) =>
        check(
          "returns.fetch-url",
          1,
          one.value === single.body && one.lines.includes(oneLine) && !notEachOnce(one, [single.path]),
          {
            pass: "fetch_url returned the body and printed its line.",
            fail:
              `fetch_url(session, url) should GET the URL once, print "${oneLine}" and return the body ` +
              `text; it printed ${showLines(one.lines)}.`,
          },
          "cross-checked",
        ),
    },
    // evidence: outside — /proc of the loop's thread.
    "loop.not-blocked": {
      weight: 1,
      kind: "outside",
      scenarios: ["all", "one"],
      evidence: "/proc sampler",
      judge: ({ all, one }, { delays, single }) =>
        loopNotBlocked([all, one], 1, { minSeconds: (v) => mostOf(v === one ? single.delay : Math.min(...delays)) }),
    },
  },
});
