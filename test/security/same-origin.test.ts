import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "../../lib/security/same-origin";

/** The CSRF rule of proxy.ts: which requests a browser could have been tricked into sending. */
describe("crossSiteRefusal", () => {
  const headers = (h: Record<string, string>) => new Headers({ host: "course.test:3000", ...h });

  it("lets reads and same-origin writes through", () => {
    expect(
      crossSiteRefusal("GET", headers({ origin: "https://evil.example", "sec-fetch-site": "cross-site" })),
    ).toBeNull();
    expect(
      crossSiteRefusal("POST", headers({ origin: "http://course.test:3000", "sec-fetch-site": "same-origin" })),
    ).toBeNull();
    expect(crossSiteRefusal("PUT", headers({ "sec-fetch-site": "none" }))).toBeNull();
    // API clients that name no origin cannot carry a victim's cookies.
    expect(crossSiteRefusal("DELETE", headers({}))).toBeNull();
  });

  it("refuses writes from other sites, sibling subdomains and opaque origins", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example" }))).toMatch(
      /Origin: https:\/\/evil\.example/,
    );
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }))).toMatch(/Sec-Fetch-Site: cross-site/);
    expect(
      crossSiteRefusal("PATCH", headers({ "sec-fetch-site": "same-site", origin: "http://evil.course.test:3000" })),
    ).not.toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "null" }))).not.toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "http://course.test:3001" }))).not.toBeNull();
  });

  it("trusts the configured public origin behind a proxy that rewrites Host", () => {
    const proxied = new Headers({ host: "127.0.0.1:3000", origin: "https://course.example.edu" });
    expect(crossSiteRefusal("POST", proxied)).not.toBeNull();
    expect(crossSiteRefusal("POST", proxied, ["https://course.example.edu"])).toBeNull();
    expect(
      crossSiteRefusal(
        "POST",
        new Headers({
          host: "127.0.0.1:3000",
          "x-forwarded-host": "course.example.edu",
          origin: "https://course.example.edu",
        }),
      ),
    ).toBeNull();
  });
});
