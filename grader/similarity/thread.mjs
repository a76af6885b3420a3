// The similarity thread's entry (plain JavaScript, so any Node can start it): TypeScript through tsx.
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
