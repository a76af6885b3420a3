import { defineExercise } from "../../grader/catalog/definition";
import type { Rng } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, sameMultiset } from "../../grader/checks/common";
import { check } from "../../grader/checks/result";
import { showLines } from "../../grader/checks/view";
import type { ScenarioView } from "../../grader/checks/view";

const names = ["fetch_url", "fetch_all"];
const WORDS = ["loop", "task", "await", "future", "gather", "queue", "session", "socket", "yield", "event"];

function page(rng: Rng) {
  const words = Array.from({ length: rng.int(8, 90) }, () => rng.pick(WORDS));
  return `<p>${rng.token(12)} ${words.join(" ")}</p>`;
}

/** Distinct delays in an order that is never ascending, so that arrival order differs from input order. */
function delaysFor(rng: Rng, count: number): number[] {
  const base = rng.sample([0.3, 0.35, 0.4, 0.45, 0.5, 0.55], count);
  return base.every((d, i) => i === 0 || base[i - 1] < d) ? base.reverse() : base;
}

const pagesOf = (v: ScenarioView) => v.spec.args!.pages as { path: string; body: string; delay: number }[];

export default defineExercise({
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
        args: { urls: pages.map((p) => `$BASE${p.path}`), pages },
        http: Object.fromEntries(pages.map((p) => [p.path, { delay: p.delay, body: p.body }])),
        timeout: 10,
      },
      {
        id: "one",
        entry: "fetch_url_entry",
        requires: names,
        coroutines: names,
        args: { url: `$BASE${single.path}`, pages: [single] },
        http: { [single.path]: { delay: single.delay, body: single.body } },
        timeout: 10,
      },
    ];
  },
  checks: ({ all, one }) => {
    const pages = pagesOf(all);
    const expectedLines = pages.map((p) => `Fetched ${all.ev.fixtures?.base}${p.path} → ${p.body.length} bytes`);
    const lines = all.lines;
    const inFlight = all.ev.fixtures?.max_in_flight ?? 0;
    const sessions = all.ev.records.filter((r) => r.kind === "session").length;
    const delays = pages.map((p) => p.delay);
    const [single] = pagesOf(one);
    const oneLine = `Fetched ${one.ev.fixtures?.base}${single.path} → ${single.body.length} bytes`;
    return [
      check("returns.bodies-in-order", 2, JSON.stringify(all.value) === JSON.stringify(pages.map((p) => p.body)), {
        pass: "fetch_all returned every body, in the order of the URLs.",
        fail: Array.isArray(all.value) && sameMultiset(all.value as string[], pages.map((p) => p.body))
          ? "fetch_all returned the right bodies in the wrong order: return them in the order of `urls`, not the order they arrived (asyncio.gather keeps the order)."
          : "fetch_all should return the list of page bodies (the response text), one per URL, in the order of `urls`.",
      }),
      check(
        "output.fetched-lines",
        2,
        sameMultiset(lines.slice(0, -1), expectedLines) && lines[lines.length - 1] === `Fetched ${pages.length} pages.`,
        {
          pass: "Printed one line per page and the count last.",
          fail: `Expected one line "Fetched {url} → {n} bytes" per page (n = len of the body text) and then "Fetched ${pages.length} pages." last; your output was ${showLines(lines)}.`,
        },
      ),
      check("trace.server-concurrency", 3, inFlight === pages.length, {
        pass: `The server answered all ${pages.length} of your requests at the same time.`,
        fail: `The server never had more than ${inFlight} of your ${pages.length} requests in flight at once: ${inFlight <= 1 ? "each request waited for the previous one to finish. Start all fetches before awaiting them (asyncio.gather)." : "send all requests at once."}`,
      }),
      concurrentTiming(all, {
        concurrent: Math.max(...delays),
        sequential: delays.reduce((a, b) => a + b, 0),
        weight: 1,
        hint: "Fetch the pages concurrently, not one after another.",
      }),
      check("session.single", 1, sessions === 1, {
        pass: "fetch_all used one ClientSession for every request.",
        fail: `fetch_all opened ${sessions} ClientSession${sessions === 1 ? "" : "s"}: open exactly one and pass it to every fetch_url call.`,
      }),
      check("returns.fetch-url", 1, one.value === single.body && one.lines.includes(oneLine), {
        pass: "fetch_url returned the body and printed its line.",
        fail: `fetch_url(session, url) should print "${oneLine}" and return the body text; it printed ${showLines(one.lines)}.`,
      }),
      loopNotBlocked([all, one], 1),
    ];
  },
});
