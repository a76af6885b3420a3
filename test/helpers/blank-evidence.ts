import type { ScenarioEvidence } from "../../grader/sandbox/evidence";

/** Evidence of a scenario in which nothing happened: no line, no return, no thread watched. */
export function blankEvidence(id: string): ScenarioEvidence {
  return {
    id,
    started: 0,
    lines: [],
    stdoutBytes: 0,
    stderr: "",
    stderrBytes: 0,
    records: [],
    recordCount: 0,
    final: null,
    exitCode: null,
    limit: null,
    fixtures: null,
    outside: {
      child: 0,
      started: 0,
      begun: null,
      returned: null,
      exited: null,
      integrity: [],
      threads: {
        samples: 0,
        unreadable: 0,
        threadsMax: 0,
        otherProcesses: 0,
        held: [],
        socketCalls: [],
        view: "syscalls",
        mainCpu: null,
        mainWait: null,
        mainOwn: 0,
        cpu: 0,
        wait: 0,
      },
      ops: null,
    },
  };
}
