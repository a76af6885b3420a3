import Docker from "dockerode";
import { env } from "../../lib/env";

let client: Docker | undefined;

/** One Docker client per process; DOCKER_HOST (tcp:// or unix://) wins over the default socket. */
export function docker(): Docker {
  if (client) return client;
  const host = env().DOCKER_HOST;
  if (!host) client = new Docker();
  else if (host.startsWith("unix://")) client = new Docker({ socketPath: host.slice("unix://".length) });
  else {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    client = new Docker({ host: url.hostname, port: Number(url.port || 2375) });
  }
  return client;
}

export const SANDBOX_LABEL = "asyncio-course.sandbox";
