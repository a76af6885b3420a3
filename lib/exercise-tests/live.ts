import { isTestFinal, type ExerciseTest } from "../contracts/exercise-tests";
import { liveStream } from "../http/live-stream";
import { onExerciseTestChange } from "../queue/status-channel";
import { readTest } from "./store";

/** What changes as a test goes: its status and each row's. */
const keyOf = (test: ExerciseTest) => `${test.id}:${test.status}:${test.rows.map((r) => r.status[0]).join("")}`;

/**
 * The server-sent events of an exercise's latest test: `event: test` with its state at once
 * (`null` when there is none), then one per change; closes once the test is finished.
 */
export function testStream(exercise: string, abort: AbortSignal): ReadableStream<Uint8Array> {
  return liveStream({
    event: "test",
    read: () => readTest(exercise),
    subscribe: (notice) => onExerciseTestChange(exercise, notice),
    key: keyOf,
    done: (test) => isTestFinal(test.status),
    sendGone: true,
    abort,
  });
}
