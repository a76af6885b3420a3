import { currentUser } from "@/lib/auth/session";
import { deepLinkPickSchema } from "@/lib/contracts/lti";
import { deepLinkResponse } from "@/lib/lti/deep-link";
import { formParams, htmlResponse, ltiEndpoint } from "@/lib/lti/http";
import { closeDeepLinkRequest, deepLinkRequest } from "@/lib/lti/launch";
import { LaunchRefused } from "@/lib/lti/refusal";

/** The instructor's pick from /lti/deep-link/[id]: answered with the signed response, auto-posted to the LMS. */
export async function POST(request: Request): Promise<Response> {
  return ltiEndpoint("deep-link", request, async () => {
    const user = await currentUser();
    if (!user) throw new LaunchRefused("you are not signed in from your course", 401);
    const raw = await formParams(request);
    const picked = deepLinkPickSchema.safeParse({
      request: raw.request,
      exercises: [
        ...new Set([
          ...Object.keys(raw)
            .filter((k) => k.startsWith("exercise:"))
            .map((k) => k.slice(9)),
          ...(raw.pick ? [raw.pick] : []),
        ]),
      ],
    });
    if (!picked.success) throw new LaunchRefused("pick at least one exercise");
    const open = await deepLinkRequest(picked.data.request, user.id);
    if (!open) throw new LaunchRefused("this selection expired or is not yours; start again from your course", 403);
    const { html } = await deepLinkResponse(open, picked.data.exercises);
    await closeDeepLinkRequest(picked.data.request);
    return htmlResponse(html);
  });
}
