import { randomUUID } from "node:crypto";
import { LTI, DL } from "../contracts/lti";
import { db } from "../db";
import { toolEndpoints } from "./config";
import { signToolJwt } from "./keys";
import type { DeepLinkRequest } from "./launch";
import { escapeHtml, htmlPage, LaunchRefused } from "./refusal";

/**
 * Deep Linking 2.0 response (§4.2): the exercises the instructor picked as ltiResourceLink content
 * items, each with a line item (scoreMaximum = the exercise's points, its title as label, its slug
 * as resourceId) so the LMS makes the gradebook columns; signed with the tool's key and posted by
 * the browser to the platform's deep_link_return_url.
 */
export async function deepLinkResponse(
  request: DeepLinkRequest,
  slugs: string[],
): Promise<{ jwt: string; html: string }> {
  const platform = await db().ltiPlatform.findUnique({ where: { id: request.platformId } });
  if (!platform) throw new LaunchRefused("the platform is no longer registered");
  const picked = request.acceptMultiple ? slugs : slugs.slice(0, 1);
  const exercises = await db().exercise.findMany({
    where: { slug: { in: picked } },
    select: { slug: true, title: true, points: true, concept: true },
  });
  const order = new Map(picked.map((s, i) => [s, i]));
  exercises.sort((a, b) => order.get(a.slug)! - order.get(b.slug)!);
  if (!exercises.length) throw new LaunchRefused("none of the exercises picked exists");
  const url = toolEndpoints().launchUrl;
  const jwt = await signToolJwt(
    {
      iss: platform.clientId,
      aud: platform.issuer,
      nonce: randomUUID(),
      [`${LTI}deployment_id`]: request.deploymentId,
      [`${LTI}message_type`]: "LtiDeepLinkingResponse",
      [`${LTI}version`]: "1.3.0",
      [`${DL}content_items`]: exercises.map((e) => ({
        type: "ltiResourceLink",
        title: e.title,
        text: e.concept,
        url,
        custom: { exercise: e.slug },
        lineItem: { scoreMaximum: e.points, label: e.title, resourceId: e.slug, tag: "asyncio-course" },
      })),
      ...(request.data !== undefined ? { [`${DL}data`]: request.data } : {}),
    },
    600,
  );
  return {
    jwt,
    html: autoPost(request.returnUrl, { JWT: jwt }, `Adding ${exercises.length} exercise(s) to your course…`),
  };
}

/** A page that posts `fields` to `action` at once (and offers a button where scripts do not run). */
export function autoPost(action: string, fields: Record<string, string>, message: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  return htmlPage(
    "Returning to your course",
    `<h1>${escapeHtml(message)}</h1>
<form id="lti-return" method="post" action="${escapeHtml(action)}">${inputs}
<button type="submit">Continue</button></form>
<script>document.getElementById("lti-return").submit()</script>`,
  );
}
