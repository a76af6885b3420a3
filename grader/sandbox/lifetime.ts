import { removeAllSandboxes } from "./docker";

/** The exit status a shell gives a process ended by each signal (128 + its number). */
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * Ends the process with `code` once every sandbox container it started is removed. A process that
 * called process.exit straight away would leave them behind: a used container waits for its removal
 * (docker.ts, REMOVAL_DELAY_MS) and its PID 1 lingers until then.
 */
export function exitAfterSandboxes(code: number): Promise<never> {
  // The first reason to exit wins: a grading that a signal called off must not exit with its own status.
  exiting ??= removeAllThenExit(code);
  return exiting;
}

let exiting: Promise<never> | undefined;

async function removeAllThenExit(code: number): Promise<never> {
  const left = await removeAllSandboxes();
  if (left)
    process.stderr.write(
      `${left} sandbox container(s) could not be removed: the Docker engine did not answer. ` +
        "The next worker to start removes them.\n",
    );
  process.exit(code);
}

/** The status a shell gives a process ended by SIGPIPE: what a reader that stopped early means. */
const CLOSED_PIPE_EXIT_CODE = 141;

/**
 * For a command that grades (npm run grade, exercises:check): on Ctrl-C, SIGTERM or a closed
 * terminal, its gradings are called off, its sandboxes removed, and it exits with the signal's status.
 * So too when the reader of its output stopped early (`| head`): Node gets EPIPE, not SIGPIPE, and
 * an unhandled one would end the process before its containers' removal.
 */
export function removeSandboxesOnSignals(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      void exitAfterSandboxes(CLOSED_PIPE_EXIT_CODE);
    });
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES))
    process.on(signal, () => {
      // A terminal's Ctrl-C reaches npm too, which forwards it: the second one changes nothing.
      if (exiting) return;
      process.stderr.write(`${signal}: removing the sandbox containers this command started\n`);
      void exitAfterSandboxes(code);
    });
}
