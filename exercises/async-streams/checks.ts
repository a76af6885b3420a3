import { defineExercise } from "../../grader/catalog/definition";
import { NAMES, type Rng } from "../../grader/catalog/rng";
import { concurrentTiming, loopNotBlocked, observed } from "../../grader/checks/common";
import { check, type CheckResult } from "../../grader/checks/result";
import { fmt, maxOverlap, showLines, type ScenarioView } from "../../grader/checks/view";
import type { ScenarioSpec } from "../../grader/sandbox/run";
import { apart, atLeast, endedBy, mostOf, startedAfter } from "../../grader/checks/policy";

/**
 * Countdown is judged by the lines the driver prints for each value, as PID 1 read them and when
 * they arrived; collect by the feeds' operations, which PID 1 serves itself: `open`, every `item`
 * (`name:i`, the last index answers null = end of feed, or an error), `close`, and the driver's
 * `returned` mark the moment collect returned or raised. Items, delays and the error live only in
 * the `ops` table and `hidden`: nothing the checks compare with enters the sandbox.
 */

const needs = { requires: ["Countdown", "collect"], coroutines: ["collect"] };
const FEEDS = ["news", "weather", "stocks", "sports", "traffic", "alerts", "scores", "flights", "quakes", "tides"];

type Countdowns = [string, number, number][];
interface FeedsHidden {
  items: Record<string, string[]>;
  /** Per feed: open + every item + end of feed, as the grader's delays make it (closing not included). */
  durations: Record<string, number>;
  /** Per feed: the delay of closing it. */
  closes: Record<string, number>;
  error?: { feed: string; index: number; message: string };
}
type Ops = NonNullable<ScenarioSpec["ops"]>;

function countdowns(id: string, list: Countdowns): ScenarioSpec {
  return { id, entry: "run_countdowns", ...needs, args: { countdowns: list }, timeout: 10 };
}

/** Feeds with hidden items and delays; with `fail`, one feed breaks at a hidden item instead of ending. */
function feedsScenario(
  id: string,
  rng: Rng,
  count: number,
  items: [number, number],
  itemDelay: [number, number],
  fail: boolean,
): ScenarioSpec {
  const names = rng.sample(FEEDS, count).map((n) => `${n}_${rng.token(3)}`);
  const failing = fail ? rng.pick(names) : null;
  const ops: Ops = { open: {}, item: {}, close: {}, returned: { collect: { delay: 0 } } };
  const hidden: FeedsHidden = { items: {}, durations: {}, closes: {} };
  for (const name of names) {
    const open = rng.between(0.03, 0.08);
    const close = rng.between(0.03, 0.08);
    ops.open[name] = { delay: open };
    ops.close[name] = { delay: close };
    hidden.closes[name] = close;
    let total = open;
    if (name === failing) {
      const index = rng.int(1, 2);
      for (let i = 0; i < index; i++) {
        const delay = rng.between(0.05, 0.1);
        ops.item[`${name}:${i}`] = { delay, result: `${name.split("_")[0]}-${rng.token(8)}` };
        total += delay;
      }
      const message = `${name} lost its connection (#${rng.token(6)})`;
      ops.item[`${name}:${index}`] = { delay: 0.05, error: message };
      hidden.error = { feed: name, index, message };
      hidden.items[name] = [];
      hidden.durations[name] = total + 0.05;
      continue;
    }
    const tokens: string[] = [];
    const n = rng.int(items[0], items[1]);
    for (let i = 0; i < n; i++) {
      const delay = rng.between(itemDelay[0], itemDelay[1]);
      const token = `${name.split("_")[0]}-${rng.token(8)}`;
      ops.item[`${name}:${i}`] = { delay, result: token };
      tokens.push(token);
      total += delay;
    }
    const end = rng.between(0.03, 0.06);
    ops.item[`${name}:${n}`] = { delay: end, result: null };
    hidden.items[name] = tokens;
    hidden.durations[name] = total + end;
  }
  return {
    id,
    entry: "run_collect",
    ...needs,
    args: { names },
    ops,
    hidden: hidden as unknown as Record<string, unknown>,
    timeout: 10,
  };
}

const countdownsOf = (v: ScenarioView) => v.spec.args!.countdowns as Countdowns;
const namesOf = (v: ScenarioView) => v.spec.args!.names as string[];
const hiddenOf = (v: ScenarioView) => v.spec.hidden as unknown as FeedsHidden;
const valueLines = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} ${n - i}`);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(", ");

interface Outcome {
  returned?: unknown;
  raised?: string;
  message?: string;
  wraps?: string[];
}
const outcomeOf = (v: ScenarioView) => (v.value ?? {}) as Outcome;
const describeRaise = (o: Outcome) => `${o.raised}${o.wraps ? ` (wrapping ${o.wraps.join(", ")})` : ""}: ${o.message}`;

/** One feed's operations as PID 1 served them, in the order they were asked for. */
function feedOps(v: ScenarioView, name: string) {
  const byStart = <T extends { start: number }>(xs: T[]) => [...xs].sort((a, b) => a.start - b.start);
  return {
    opens: byStart(v.ops("open").filter((c) => c.arg === name)),
    items: byStart(v.ops("item").filter((c) => typeof c.arg === "string" && c.arg.startsWith(`${name}:`))),
    closes: byStart(v.ops("close").filter((c) => c.arg === name)),
  };
}
/** When collect returned or raised: the driver's first `returned` operation, on PID 1's clock. */
const returnedAt = (v: ScenarioView) => v.ops("returned")[0]?.start ?? null;

// evidence: outside — the value lines the driver printed for each Countdown, as PID 1 read them from stdout.
function countdownValues(single: ScenarioView, together: ScenarioView): CheckResult {
  const [[label, n, delay]] = countdownsOf(single);
  const want = [...valueLines(label, n), `${label} stopped`];
  if (JSON.stringify(single.lines) !== JSON.stringify(want))
    return check("countdown.values", 2, false, {
      pass: "",
      fail:
        `\`async for value in Countdown(${n}, ${delay})\` should give ` +
        `${list(valueLines(label, n).map((l) => l.split(" ")[1]))} and then stop; printing each value gave ` +
        `${showLines(single.lines)} (expected ${showLines(want)}). ${
          single.lines.length === 1
            ? "__anext__ raised StopAsyncIteration at once: keep the current value on self and count it down."
            : "Raise StopAsyncIteration after 1."
        }`,
    });
  for (const [l, m] of countdownsOf(together)) {
    const mine = together.lines.filter((x) => x.startsWith(`${l} `));
    const wantMine = [...valueLines(l, m), `${l} stopped`];
    if (JSON.stringify(mine) !== JSON.stringify(wantMine))
      return check("countdown.values", 2, false, {
        pass: "",
        fail:
          `Two Countdowns at once must each count on their own: Countdown(${m}, ...) gave ` +
          `${showLines(mine)}, expected ${showLines(wantMine)}. Keep the state on \`self\`, not in the class ` +
          `or a global.`,
      });
  }
  return check("countdown.values", 2, true, {
    pass: `Countdown(${n}, ${delay}) gave ${n}, …, 1 and stopped; two at once each counted on their own.`,
    fail: "",
  });
}

// evidence: outside — when each value's line reached PID 1: the first no earlier than `delay` after the
// scenario began, every next one at least half a delay after the previous (pipe lag cannot shrink a gap more).
function countdownWaits(single: ScenarioView): CheckResult {
  const [[label, n, delay]] = countdownsOf(single);
  const times = valueLines(label, n).map((l) => single.lineTime(l));
  const id = "countdown.waits";
  if (times.some((t) => t === null))
    return check(id, 2, false, {
      pass: "",
      fail: `Not judged: Countdown(${n}, ${delay}) did not give the values ${n}, …, 1 (see countdown.values).`,
    });
  const first = single.lineAt(valueLines(label, n)[0])!;
  if (!atLeast(first, delay, "return"))
    return check(id, 2, false, {
      pass: "",
      fail:
        `The first value came ${fmt(first)} after the start, but Countdown(${n}, ${delay}) should wait ` +
        `${fmt(delay)} before each value, the first one too: \`await asyncio.sleep(self.delay)\` in ` +
        `__anext__ before returning.`,
    });
  for (let i = 1; i < n; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (!apart(gap, delay))
      return check(id, 2, false, {
        pass: "",
        fail:
          `Value ${n - i} came ${fmt(gap)} after value ${n - i + 1}, but Countdown(${n}, ${delay}) ` +
          `should wait ${fmt(delay)} before each value. Did you forget \`await\` in front of ` +
          `\`asyncio.sleep(self.delay)\`?`,
      });
  }
  return check(id, 2, true, {
    pass: `Countdown(${n}, ${delay}) waited about ${fmt(delay)} before each value.`,
    fail: "",
  });
}

// evidence: outside — the order in which the two Countdowns' lines reached PID 1.
function countdownsInterleave(together: ScenarioView): CheckResult {
  const [[a, na], [b, nb]] = countdownsOf(together);
  const idx = (l: string) => together.lines.indexOf(l);
  const firsts = [idx(`${a} ${na}`), idx(`${b} ${nb}`)];
  const lasts = [idx(`${a} 1`), idx(`${b} 1`)];
  const ok = [...firsts, ...lasts].every((i) => i >= 0) && Math.max(...firsts) < Math.min(...lasts);
  return check("countdown.interleaved", 1, ok, {
    pass: "Two Countdowns iterated at once took turns: each gave its first value before either gave its last.",
    fail:
      `Two Countdowns iterated at once should take turns, but the lines came as ` +
      `${showLines(together.lines, 10)}: while one Countdown waits, the event loop must be free to run the ` +
      `other (\`await asyncio.sleep\`, not \`time.sleep\`).`,
  });
}

// evidence: outside — every feed's item requests as PID 1 served them: `name:0`, `name:1`, … once each,
// one after another (the next asked for only after the previous was answered), after the feed was opened.
function itemsInOrder(views: ScenarioView[]): CheckResult {
  const id = "feeds.in-order";
  for (const v of views) {
    const hidden = hiddenOf(v);
    for (const name of namesOf(v)) {
      const { opens, items } = feedOps(v, name);
      const args = items.map((c) => String(c.arg));
      const failAt = hidden.error?.feed === name ? hidden.error.index : null;
      const full = failAt ?? hidden.items[name].length;
      const prefix = Array.from({ length: args.length }, (_, i) => `${name}:${i}`);
      if (args.length && JSON.stringify(args) !== JSON.stringify(prefix))
        return check(id, 2, false, {
          pass: "",
          fail:
            `Feed \`${name}\` was asked for its items as ${list(args.slice(0, 8))}: read each feed once, ` +
            `with one \`async for item in feed:\`, which asks for every item once and in order.`,
        });
      if (args.length > full + 1)
        return check(id, 2, false, {
          pass: "",
          fail: `Feed \`${name}\` was asked for more items after it had ended or failed.`,
        });
      if (!hidden.error && args.length < full + 1)
        return check(id, 2, false, {
          pass: "",
          fail: args.length
            ? `Feed \`${name}\` was only read up to item ${args.length - 1}: \`async for\` reads a feed until it ends.`
            : `Feed \`${name}\` was never read: open it with \`async with open_feed(name) as feed:\` and ` +
              `read it with \`async for item in feed:\`.`,
        });
      for (let i = 1; i < items.length; i++)
        if (!startedAfter(items[i], items[i - 1]))
          return check(id, 2, false, {
            pass: "",
            fail:
              `Feed \`${name}\`'s item ${i} was asked for before item ${i - 1} had arrived: read a ` +
              `feed's items one after another with \`async for\`.`,
          });
      if (items.length && (!opens.length || !startedAfter(items[0], opens[0])))
        return check(id, 2, false, {
          pass: "",
          fail:
            `Feed \`${name}\` was read before it was opened: enter it with \`async with open_feed(name) ` +
            `as feed:\` first.`,
        });
    }
  }
  const failing = views.find((v) => hiddenOf(v).error);
  if (views.some((v) => v.ops("item").length === 0))
    return check(id, 2, false, {
      pass: "",
      fail: "collect never read the feeds: `async with open_feed(name) as feed:` then `async for item in feed:`.",
    });
  return check(id, 2, true, {
    pass:
      `Every feed's items were asked for once each, in order, after it was ` +
      `opened${failing ? ", and a broken feed was not read past its error" : ""}.`,
    fail: "",
  });
}

// evidence: outside — PID 1's record of every feed's `close` against its `open`, its last item, and the
// driver's `returned` mark: each opened feed closed once its reading was over, before collect returned or raised.
function feedsClosed(views: ScenarioView[]): CheckResult {
  const id = "feeds.closed";
  for (const v of views) {
    const end = returnedAt(v);
    const hidden = hiddenOf(v);
    const when = hidden.error ? ` when feed \`${hidden.error.feed}\` raised` : "";
    if (end === null) return check(id, 3, false, { pass: "", fail: `Not judged: collect never returned${when}.` });
    const opened = namesOf(v).filter((n) => feedOps(v, n).opens.length);
    if (!opened.length)
      return check(id, 3, false, {
        pass: "",
        fail:
          "collect never opened a feed: `async with open_feed(name) as feed:` opens it, and closes it on " +
          "the way out.",
      });
    if (!hidden.error && opened.length < namesOf(v).length)
      return check(id, 3, false, {
        pass: "",
        fail: `collect never opened ${list(namesOf(v).filter((n) => !opened.includes(n)))}.`,
      });
    const unclosed = opened.filter((n) => {
      const { opens, closes } = feedOps(v, n);
      return !closes.some((c) => startedAfter(c, opens[0]) && endedBy(c, end));
    });
    if (unclosed.length) {
      const late = unclosed.filter((n) => feedOps(v, n).closes.length);
      return check(id, 3, false, {
        pass: "",
        fail: late.length
          ? `${list(late)} ${late.length === 1 ? "was" : "were"} still open when collect ` +
            `${hidden.error ? "raised" : "returned"}${when}: ${late.length === 1 ? "it was" : "they were"} ` +
            `closed only afterwards. ${
              hidden.error
                ? "Plain `asyncio.gather` raises the first exception at once while the other feeds are still " +
                  "being read: use an `asyncio.TaskGroup` (it cancels the others and waits until they have " +
                  "closed), or `gather(..., return_exceptions=True)`, then raise the feed's exception."
                : "Wait until every feed is done before returning."
            }`
          : `${list(unclosed)} ${unclosed.length === 1 ? "was" : "were"} never closed${when}. Open each feed ` +
            `with \`async with open_feed(name) as feed:\`: leaving the block closes it, also when an ` +
            `exception goes through it.`,
      });
    }
    if (!hidden.error) {
      const early = opened.find((n) => {
        const { items, closes } = feedOps(v, n);
        return items.length && !startedAfter(closes[0], items[items.length - 1]);
      });
      if (early)
        return check(id, 3, false, {
          pass: "",
          fail:
            `Feed \`${early}\` was closed while its items were still being read: read it inside its ` +
            `\`async with\` block.`,
        });
    }
  }
  return check(id, 3, true, {
    pass: "Every feed was closed before collect returned, also when one feed raised.",
    fail: "",
  });
}

// evidence: outside — the item requests PID 1 served at the same time: all feeds read at once.
function allOpen(v: ScenarioView): CheckResult {
  const n = namesOf(v).length;
  const most = maxOverlap(v.ops("item"));
  return check("feeds.all-open", 2, most === n, {
    pass: `All ${n} feeds were read at the same time.`,
    fail:
      most === 0
        ? "collect never read the feeds."
        : `At most ${most} of the ${n} feeds were being read at the same ` +
          `time${most === 1 ? ": they were read one after another" : ""}. Read each feed in its own task ` +
          `(\`asyncio.TaskGroup\` or \`asyncio.gather\`) so all of them stream at once.`,
  });
}

// evidence: cross-checked — collect's value, from inside, equal to the items only PID 1 handed out (the
// tokens never entered the sandbox, so a match can only come from reading the feeds).
function itemsReturned(v: ScenarioView): CheckResult {
  const want = Object.fromEntries(namesOf(v).map((n) => [n, hiddenOf(v).items[n]]));
  const o = outcomeOf(v);
  const got = o.returned;
  // A dict's key order is not part of its value: compare the key sets, then each feed's list.
  const sameDict = (g: unknown) =>
    !!g &&
    typeof g === "object" &&
    !Array.isArray(g) &&
    [...Object.keys(g)].sort().join("\n") === [...Object.keys(want)].sort().join("\n") &&
    namesOf(v).every((n) => JSON.stringify((g as Record<string, unknown>)[n]) === JSON.stringify(want[n]));
  const ok = observed(v, 0.1) === null && sameDict(got);
  let fail: string;
  if (o.raised) fail = `collect raised ${describeRaise(o)} although no feed failed.`;
  else if (
    got &&
    typeof got === "object" &&
    !Array.isArray(got) &&
    namesOf(v).every((n) => Array.isArray((got as Record<string, unknown>)[n]))
  ) {
    const g = got as Record<string, unknown[]>;
    const bad = namesOf(v).find((n) => JSON.stringify(g[n]) !== JSON.stringify(want[n]));
    const sorted = (xs: unknown[]) => [...xs].map(String).sort().join("\n");
    fail =
      bad === undefined
        ? `collect should return exactly one entry per feed name, ${list(namesOf(v))}; it returned the keys ` +
          `${list(Object.keys(g))}.`
        : sorted(g[bad]) === sorted(want[bad])
          ? `Feed \`${bad}\`'s items came back in the wrong order: keep each feed's items in the order they arrived.`
          : `Feed \`${bad}\` should give ${JSON.stringify(want[bad])}, the items its \`async for\` yields; ` +
            `collect returned ${JSON.stringify(g[bad])} for it.`;
  } else
    fail =
      `collect should return a dict {feed name: [its items in order]}; it returned ` +
      `${JSON.stringify(got ?? null)}.`;
  return check(
    "returns.items",
    3,
    ok,
    { pass: "collect returned every feed's items, in order.", fail },
    "cross-checked",
  );
}

// evidence: cross-checked — what collect raised, from inside, carrying the error message only PID 1 held
// (it left the supervisor only as the failing item's reply).
function errorPropagates(v: ScenarioView): CheckResult {
  const err = hiddenOf(v).error!;
  const o = outcomeOf(v);
  const ok = observed(v, 0.1) === null && o.raised === "FeedError" && o.message === err.message;
  return check(
    "errors.propagate",
    2,
    ok,
    {
      pass: "When a feed raised, collect let that same exception out.",
      fail:
        o.raised === undefined
          ? `Feed \`${err.feed}\` raised FeedError at its item ${err.index}, but collect returned ` +
            `${JSON.stringify(o.returned ?? null)} as if nothing had happened: let the feed's exception ` +
            `propagate (after the other feeds were closed).`
          : o.wraps?.includes("FeedError")
            ? `collect raised ${describeRaise(o)}: a TaskGroup wraps failures in an ExceptionGroup. Catch it ` +
              `and raise the feed's own exception: \`except ExceptionGroup as group: raise ` +
              `group.exceptions[0]\` (inside an \`except*\` block, raising it would only put it back into a group).`
            : `Feed \`${err.feed}\` raised FeedError("${err.message}"), and collect should raise that same ` +
              `exception; it raised ${describeRaise(o)}.`,
    },
    "cross-checked",
  );
}

export default defineExercise({
  failsWith: {
    "wrong/sequential.py": "feeds.all-open",
    "wrong/time-sleep.py": "loop.not-blocked",
    "wrong/no-wait.py": "countdown.waits",
    "wrong/never-closed.py": "feeds.closed",
    "wrong/swallows-error.py": "errors.propagate",
    "wrong/gather-leaves-open.py": "feeds.closed",
  },
  scenarios: (rng) => {
    const [solo, a, b] = rng.sample(NAMES, 3);
    return [
      countdowns("countdown", [[solo, rng.int(4, 5), rng.between(0.15, 0.22)]]),
      countdowns("together", [
        [a, 3, rng.between(0.25, 0.35)],
        [b, 3, rng.between(0.25, 0.35)],
      ]),
      feedsScenario("feeds", rng, rng.int(3, 4), [3, 4], [0.1, 0.22], false),
      feedsScenario("failing", rng, 3, [4, 4], [0.15, 0.25], true),
    ];
  },
  given: ({ together, feeds }) => {
    const pair = countdownsOf(together).map(([, n, d]) => n * d);
    const durations = Object.values(hiddenOf(feeds).durations);
    const closes = Object.values(hiddenOf(feeds).closes);
    return { pair, durations, closes };
  },
  checks: {
    "countdown.values": {
      weight: 2,
      kind: "outside",
      scenarios: ["countdown", "together"],
      evidence: "value lines printed by the driver, as read, in order",
      judge: ({ countdown, together }) => countdownValues(countdown, together),
    },
    "countdown.waits": {
      weight: 2,
      kind: "outside",
      scenarios: ["countdown"],
      evidence: "line arrival times; PID 1's clock",
      judge: ({ countdown }) => countdownWaits(countdown),
    },
    // evidence: outside — /proc of the child's threads during all four scenarios (inside records only name the call).
    "loop.not-blocked": {
      weight: 2,
      kind: "outside",
      scenarios: ["countdown", "together", "feeds", "failing"],
      evidence: "/proc sampler",
      judge: ({ countdown, together, feeds, failing }, { durations }) =>
        loopNotBlocked([countdown, together, feeds, failing], 2, {
          advice: () => "Wait in __anext__ with `await asyncio.sleep(self.delay)`.",
          // Judged only once the countdowns and feeds took their time: a starter returns at once.
          minSeconds: (v) =>
            v === feeds
              ? mostOf(Math.min(...durations))
              : v === failing
                ? 0.1
                : mostOf(Math.min(...countdownsOf(v).map(([, n, d]) => n * d))),
        }),
    },
    "countdown.interleaved": {
      weight: 1,
      kind: "outside",
      scenarios: ["together"],
      evidence: "value lines printed by the driver, as read, in order",
      judge: ({ together }) => countdownsInterleave(together),
    },
    // evidence: outside — PID 1's clock from handing over the scenario to the return.
    "countdown.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["together"],
      evidence: "line arrival times; PID 1's clock",
      judge: ({ together }, { pair }) => ({
        ...concurrentTiming(together, {
          concurrent: Math.max(...pair),
          sequential: sum(pair),
          weight: 1,
          hint: "One Countdown's waiting must not hold up the other: `await asyncio.sleep`, not `time.sleep`.",
        }),
        id: "countdown.concurrent",
      }),
    },
    "returns.items": {
      weight: 3,
      kind: "cross-checked",
      scenarios: ["feeds"],
      evidence: "returned items equal tokens only PID 1's feeds handed out",
      judge: ({ feeds }) => itemsReturned(feeds),
    },
    "feeds.all-open": {
      weight: 2,
      kind: "outside",
      scenarios: ["feeds"],
      evidence:
        "PID 1's open, item and close ops: all feeds open at once, items once and in " +
        "order, every close before the return",
      judge: ({ feeds }) => allOpen(feeds),
    },
    "feeds.in-order": {
      weight: 2,
      kind: "outside",
      scenarios: ["feeds", "failing"],
      evidence:
        "PID 1's open, item and close ops: all feeds open at once, items once and in " +
        "order, every close before the return",
      judge: ({ feeds, failing }) => itemsInOrder([feeds, failing]),
    },
    "feeds.closed": {
      weight: 3,
      kind: "outside",
      scenarios: ["feeds", "failing"],
      evidence:
        "PID 1's open, item and close ops: all feeds open at once, items once and in " +
        "order, every close before the return",
      judge: ({ feeds, failing }) => feedsClosed([feeds, failing]),
    },
    "errors.propagate": {
      weight: 2,
      kind: "cross-checked",
      scenarios: ["failing"],
      evidence: "the raised FeedError carries the hidden message only the failing item's reply " + "held",
      judge: ({ failing }) => errorPropagates(failing),
    },
    // evidence: outside — PID 1's clock; the feeds' own delays come from the hidden ops table.
    "timing.concurrent": {
      weight: 1,
      kind: "outside",
      scenarios: ["feeds"],
      evidence: "PID 1's clock",
      judge: ({ feeds }, { durations, closes }) =>
        concurrentTiming(feeds, {
          // The lower bound leaves out closing: code that never closes a feed is told so by feeds.closed.
          concurrent: Math.max(...durations),
          sequential: sum(durations) + sum(closes),
          weight: 1,
          hint: "Read the feeds at the same time, each in its own task, not one after another.",
        }),
    },
  },
});
