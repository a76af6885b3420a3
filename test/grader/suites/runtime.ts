/** The engine runtime a suite grades under: runc (the default) or gVisor's runsc. */
export type Runtime = "runc" | "runsc";
