import { dynamicRegistration } from "@/lib/lti/dynamic-registration";
import { formParams, htmlResponse, ltiEndpoint } from "@/lib/lti/http";
import { escapeHtml, htmlPage } from "@/lib/lti/refusal";

/** LTI Dynamic Registration: the LMS opens this URL (with a one-time token from /admin/lti). */
export async function GET(request: Request): Promise<Response> {
  return ltiEndpoint("registration", request, async () => {
    const platform = await dynamicRegistration(await formParams(request));
    console.log(`[lti] registered ${platform.issuer} client ${platform.clientId} by dynamic registration`);
    return htmlResponse(
      htmlPage(
        "Tool registered",
        `<h1>Registered</h1><p data-testid="registered">This tool is registered with ` +
          `${escapeHtml(platform.issuer)} (client id ${escapeHtml(platform.clientId)}). You can close this window.</p>
<script>(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*")</script>`,
      ),
    );
  });
}
