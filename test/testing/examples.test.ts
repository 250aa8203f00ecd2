/** Which response example the mock answers with, decided from the request alone, on the bundled spec. */
import { describe, expect, it } from "vitest";
import { exampleChooser, type MockRequest } from "../../src/testing/examples.js";
import { bundledSpecJson } from "../../src/testing/spec.js";

const choose = exampleChooser(bundledSpecJson());
const ENV = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const ID = "551e6ddc-7f2d-4934-98a5-ddc50037246a";

const json = (
  method: string,
  pathname: string,
  body: unknown,
  contentType = "application/json",
): MockRequest => ({
  method,
  pathname,
  contentType,
  body: JSON.stringify(body),
});

describe("the mock's example chooser", () => {
  const actions = `/environments/${ENV}/signOnPolicies/${ID}/actions`;

  it.each([
    ["LOGIN", "login"],
    ["PROGRESSIVE_PROFILING", "progressiveProfiling"],
    ["MULTI_FACTOR_AUTHENTICATION", "multiFactorAuthentication"],
    ["AGREEMENT", "agreement"],
  ])("answers a %s action created with the %s example (the discriminator `type`)", (type, example) => {
    expect(choose(json("POST", actions, { type, priority: 1 }))).toBe(example);
  });

  it("weighs every discriminator: `protocol` and `type` of an application", () => {
    const apps = `/environments/${ENV}/applications`;
    expect(choose(json("POST", apps, { protocol: "OPENID_CONNECT", type: "WORKER" }))).toBe("oidcWorker");
    expect(choose(json("POST", apps, { protocol: "SAML", type: "WEB_APP" }))).toBe("saml");
  });

  it("reads a form body: the token request's `grant_type`", () => {
    const request = (grant: string): MockRequest => ({
      method: "POST",
      pathname: `/${ENV}/as/token`,
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ grant_type: grant, code: "x" }).toString(),
    });
    expect(choose(request("authorization_code"))).toBe("authorizationCode");
    expect(choose(request("refresh_token"))).toBe("refreshToken");
  });

  it("answers a vendor media type with the example named for it, whatever the parameters", () => {
    const flow = `/${ENV}/flows/${ID}`;
    const update = "application/vnd.pingidentity.user.update+json; charset=utf-8";
    expect(choose(json("POST", flow, { mobilePhone: "+1.5125551111" }, update))).toBe("profile");
    const check = "application/vnd.pingidentity.usernamePassword.check+json";
    expect(choose(json("POST", flow, { username: "a", password: "b" }, check))).toBe("credentials");
    const reset = "application/vnd.pingidentity.password.reset+json";
    expect(choose(json("PUT", `/environments/${ENV}/users/${ID}/password`, {}, reset))).toBe("resetSelf");
  });

  it("leaves the choice to Prism when no example fits: a discriminator value none has, no body, no route", () => {
    const providers = `/environments/${ENV}/identityProviders`;
    expect(choose(json("POST", providers, { type: "GOOGLE", name: "g" }))).toBeUndefined();
    expect(
      choose({ method: "GET", pathname: `/environments/${ENV}/users`, contentType: "", body: "" }),
    ).toBeUndefined();
    expect(choose(json("POST", "/no/such/path", { type: "LOGIN" }))).toBeUndefined();
    expect(
      choose({ method: "POST", pathname: actions, contentType: "application/json", body: "{not json" }),
    ).toBe(
      "progressiveProfiling", // no discriminator to go by: the first, as Prism would
    );
  });
});
