import { readFileSync } from "node:fs";

/** Submissions of producer-consumer for the similarity tests (no services needed to read them). */
export const SLUG = "producer-consumer";
const read = (path: string) => readFileSync(new URL(`../../exercises/${SLUG}/${path}`, import.meta.url), "utf8");

export const CODE = {
  sentinels: read("alternatives/sentinels.py"),
  getNowait: read("alternatives/get-nowait.py"),
  starter: read("starter.py"),
  reference: read("reference.py"),
};

/** The same program with other names: what copying and "making it look different" produces. */
export function renamed(code: string, names: Record<string, string>): string {
  return Object.entries(names).reduce((c, [from, to]) => c.replaceAll(from, to), code);
}

export const BOB_CODE = renamed(CODE.sentinels, {
  queue: "line",
  done: "collected",
  consume: "eater",
  produce: "feeder",
  STOP: "SENTINEL",
  tg: "group",
});
