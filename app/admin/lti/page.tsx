import { notFound } from "next/navigation";
import { userOrSignIn } from "@/app/_server/auth";
import { toolConfiguration } from "@/lib/lti/configuration";
import { registrationUrl } from "@/lib/lti/dynamic-registration";
import { listPlatforms } from "@/lib/lti/platforms";
import { PlatformForm } from "./PlatformForm";

export const metadata = { title: "LMS platforms" };

/** Admins connect LMSs (LTI 1.3): the values to paste there, and the platforms registered here. */
export default async function LtiAdmin() {
  const user = await userOrSignIn("/admin/lti");
  if (user.role !== "ADMIN") notFound();
  const [platforms, config] = [await listPlatforms(), toolConfiguration()];
  // A fresh one-time link per visit: it expires in an hour, unused.
  const dynamic = await registrationUrl().catch(() => null);
  const values: [string, string][] = [
    ["Login initiation URL (OIDC)", config.oidc_initiation_url],
    ["Redirect URI (launch)", config.redirect_uris[0]],
    ["Target link URI", config.target_link_uri],
    ["Deep linking URL", config.deep_linking_url],
    ["Public keyset (JWKS) URL", config.jwks_uri],
    ["Configuration as JSON", config.target_link_uri.replace(/\/launch$/, "/config")],
  ];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>LMS platforms</h1>
          <p>Connect Canvas, Moodle or any LTI 1.3 platform. See docs/lti.md for each LMS&apos;s steps.</p>
        </div>
      </div>
      <section className="card">
        <h2>Values to paste in the LMS</h2>
        <dl data-testid="tool-values">
          {values.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card">
        <h2>Dynamic registration</h2>
        <p>
          Canvas and Moodle can register the tool themselves: paste this link in the LMS&apos;s &ldquo;register by
          URL&rdquo; (dynamic registration) field. It works once, within an hour.
        </p>
        <p>
          <code data-testid="registration-url">{dynamic ?? "Unavailable: Redis is not reachable."}</code>
        </p>
      </section>
      <section className="card table-wrap">
        <h2>Registered platforms</h2>
        <table className="data" data-testid="platforms">
          <thead>
            <tr>
              <th scope="col">Issuer</th>
              <th scope="col">Client id</th>
              <th scope="col">Deployments</th>
              <th scope="col">Courses</th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={p.id} data-issuer={p.issuer}>
                <td>
                  {p.name ? `${p.name} — ` : ""}
                  {p.issuer}
                </td>
                <td>{p.clientId}</td>
                <td>{p.deployments.map((d) => d.deploymentId).join(", ")}</td>
                <td className="num">{p._count.contexts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2>Register a platform</h2>
        <PlatformForm />
      </section>
    </div>
  );
}
