import pino, { type Logger } from "pino";
import { z } from "zod";

/**
 * Structured logs: one JSON line per event on stdout (level, time, process, pid, msg, and the
 * event's own fields: job, submission, exercise, durationMs…), for a log shipper to read as is.
 * `npm start` pipes them through pino-pretty for a person. Never pass submitted code, passwords,
 * tokens or cookies as fields: the paths below are removed should one slip through.
 */
const REDACTED = [
  "code",
  "*.code",
  "source",
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "cookie",
  "authorization",
  "headers.cookie",
  "headers.authorization",
];

const levelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).catch("info");

const globalForLogs = globalThis as unknown as { asyncioCourseLoggers?: Map<string, Logger> };

/** The logger of one kind of process ("web", "worker"): one per process, LOG_LEVEL (default info). */
export function logger(processName: string): Logger {
  const loggers = (globalForLogs.asyncioCourseLoggers ??= new Map());
  let found = loggers.get(processName);
  if (!found) {
    found = pino({
      base: { process: processName, pid: process.pid },
      level: levelSchema.parse(process.env.LOG_LEVEL ?? "info"),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED, remove: true },
    });
    loggers.set(processName, found);
  }
  return found;
}
