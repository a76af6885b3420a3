import { z } from "zod";

/** What the in-sandbox supervisor reports for one scenario: the evidence the checks judge. */
const line = z.object({
  t: z.number(),
  text: z.string(),
  partial: z.boolean().optional(),
  /** Seconds PID 1 waited for a CPU since its previous read of the pipe: how late load made the read, at most. */
  lag: z.number().optional(),
  /** The loop thread's own time (asleep or computing) from the hand-over to the read: see `mainOwn`. */
  own: z.number().optional(),
});

const span = z
  .object({
    kind: z.literal("span"),
    op: z.string(),
    arg: z.unknown().optional(),
    task: z.string().nullable(),
    coro: z.string().nullable().optional(),
    fn: z.string().nullable(),
    start: z.number(),
    end: z.number(),
    cancelled: z.boolean().optional(),
    /** Drivers' spans may carry more (e.g. which thread ran them). */
  })
  .passthrough();
const tracedLine = z.object({
  kind: z.literal("line"),
  text: z.string(),
  task: z.string().nullable(),
  coro: z.string().nullable().optional(),
  fn: z.string().nullable(),
  t: z.number(),
});
const loopStep = z.object({
  kind: z.literal("loop-step"),
  start: z.number(),
  wall: z.number(),
  cpu: z.number(),
  wait: z.number(),
  blocked: z.number(),
  task: z.string().nullable(),
  what: z.string().nullable(),
});
const blockingCall = z.object({
  kind: z.literal("blocking"),
  call: z.string(),
  arg: z.unknown(),
  task: z.string().nullable(),
  fn: z.string().nullable(),
  t: z.number(),
});
/**
 * The supervisor accepts any object with a `kind`: records come from the student's process and are
 * validated here, kind by kind (`validRecords`), so that a malformed one is a named failure of the
 * submission rather than an error of the grader.
 */
export const traceRecordSchema = z.object({ kind: z.string() }).passthrough();
const recordSchemas: Record<string, z.ZodType> = {
  span,
  line: tracedLine,
  "loop-step": loopStep,
  blocking: blockingCall,
};

/** Records whose known kind has the shape the harness writes, and how many did not. */
export function validRecords(records: z.infer<typeof traceRecordSchema>[]) {
  const valid: z.infer<typeof traceRecordSchema>[] = [];
  let malformed = 0;
  for (const r of records) {
    const schema = recordSchemas[r.kind];
    if (!schema || schema.safeParse(r).success) valid.push(r);
    else malformed++;
  }
  return { valid, malformed };
}

const errorInfo = z
  .object({
    phase: z.string(),
    type: z.string().optional(),
    message: z.string().optional(),
    line: z.number().nullable().optional(),
    code: z.string().optional(),
    names: z.array(z.string()).optional(),
    trace: z.array(z.object({ line: z.number().nullable(), fn: z.string(), code: z.string().nullable() })).optional(),
  })
  .passthrough();

/** The tasks still running when the student's call returned, by name and coroutine. */
export const pendingTasksSchema = z.array(z.object({ name: z.string(), coro: z.string() }));
export type PendingTask = z.infer<typeof pendingTasksSchema>[number];

const finalRecord = z
  .object({
    ok: z.boolean(),
    value: z.unknown().optional(),
    start: z.number().optional(),
    end: z.number().optional(),
    cpuWait: z.number().optional(),
    error: errorInfo.optional(),
    sleep0: z.number().optional(),
    threads: z.array(z.string()).optional(),
  })
  .passthrough();

const httpRequest = z.object({
  path: z.string(),
  start: z.number(),
  end: z.number().nullable(),
  status: z.number(),
  in_flight: z.number(),
  agent: z.string().optional(),
  peer: z.number().optional(),
});

/** A grader-supplied operation as the supervisor served it (its clock, outside the child). */
const opCall = z.object({
  op: z.string(),
  arg: z.unknown(),
  start: z.number(),
  end: z.number().nullable(),
  in_flight: z.number(),
  known: z.boolean(),
  /** The calling process (SO_PEERCRED): anything but the child is a process the grader does not watch. */
  pid: z.number().nullable(),
  /** Threads besides the main one that /proc showed waiting on a unix socket while the call was in flight. */
  threads: z.array(z.number()).optional(),
  /** Under gVisor: the child's main thread's write calls when PID 1 answered the call (its /proc io). */
  mainWrites: z.number().nullable().optional(),
});

/** A stretch in which a thread of the child was running or blocked (not waiting in the loop's poll). */
const heldRun = z.object({
  tid: z.number(),
  main: z.boolean(),
  start: z.number(),
  end: z.number(),
  cpu: z.number(),
  wait: z.number(),
  blocked: z.number(),
  syscall: z.number().nullable(),
});

/** What PID 1 observed of one scenario from outside the student's interpreter. */
const outsideEvidence = z.object({
  child: z.number(),
  started: z.number(),
  begun: z.number().nullable(),
  returned: z.number().nullable(),
  exited: z.number().nullable(),
  integrity: z.array(z.string()),
  threads: z.object({
    samples: z.number(),
    unreadable: z.number(),
    threadsMax: z.number(),
    otherProcesses: z.number(),
    held: z.array(heldRun),
    socketCalls: z.array(z.object({ t: z.number(), tid: z.number(), syscall: z.number() })),
    mainCpu: z.number().nullable(),
    mainWait: z.number().nullable(),
    /**
     * Seconds from the hand-over to the return the loop's thread was asleep or on a CPU, never waiting for one: load
     * cannot lengthen it, so lower bounds rest on it (`ScenarioView.outsideElapsed`).
     */
    mainOwn: z.number(),
    cpu: z.number(),
    wait: z.number(),
    /**
     * What /proc showed: each thread's current system call and run-queue wait ("syscalls", the
     * Linux kernel under runc), or only its state and CPU time ("stat", gVisor): there no thread is
     * ever found blocked in a call, and waiting for a CPU is not discounted.
     */
    view: z.enum(["syscalls", "stat"]).default("syscalls"),
  }),
  ops: z.object({ calls: z.array(opCall), max_in_flight: z.number() }).nullable(),
});

export const scenarioEvidenceSchema = z.object({
  id: z.string(),
  started: z.number(),
  lines: z.array(line),
  stdoutBytes: z.number(),
  stderr: z.string(),
  stderrBytes: z.number(),
  records: z.array(traceRecordSchema),
  recordCount: z.number(),
  final: finalRecord.nullable(),
  exitCode: z.number().nullable(),
  limit: z.enum(["time", "output", "memory", "processes"]).nullable(),
  fixtures: z.object({ base: z.string(), requests: z.array(httpRequest), max_in_flight: z.number() }).nullable(),
  outside: outsideEvidence,
});

export const sandboxReportSchema = z.object({
  nonce: z.string(),
  scenarios: z.array(scenarioEvidenceSchema),
});

/**
 * One printed line of a run, written by PID 1 on its stdout the moment it read it, before the report
 * (only when the payload asks for it: runs, never gradings). `t` is seconds since the scenario's
 * start by PID 1's clock. What the student printed is only ever `text`: it cannot write PID 1's
 * stdout, and never sees the nonce.
 */
export const liveLineSchema = z.object({
  nonce: z.string(),
  live: z.object({ scenario: z.string(), t: z.number(), text: z.string() }),
});

export type ScenarioEvidence = z.infer<typeof scenarioEvidenceSchema>;
export type LiveLine = z.infer<typeof liveLineSchema>["live"];
export type SandboxReport = z.infer<typeof sandboxReportSchema>;
export type Span = z.infer<typeof span>;
export type TracedLine = z.infer<typeof tracedLine>;
export type LoopStep = z.infer<typeof loopStep>;
export type BlockingCall = z.infer<typeof blockingCall>;
export type OpCall = z.infer<typeof opCall>;
export type HeldRun = z.infer<typeof heldRun>;
export type OutsideEvidence = z.infer<typeof outsideEvidence>;

export const isSpan = (r: { kind: string }): r is Span => r.kind === "span";
export const isTracedLine = (r: { kind: string }): r is TracedLine => r.kind === "line";
export const isLoopStep = (r: { kind: string }): r is LoopStep => r.kind === "loop-step";
export const isBlockingCall = (r: { kind: string }): r is BlockingCall => r.kind === "blocking";
