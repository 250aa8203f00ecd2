import { describe, expect, it } from "vitest";
import { deref, schemaPointer, spec, validateAt } from "../support/spec.js";

const ACTION_TYPES = [
  "LOGIN",
  "MULTI_FACTOR_AUTHENTICATION",
  "IDENTIFIER_FIRST",
  "IDENTITY_PROVIDER",
  "PROGRESSIVE_PROFILING",
  "PROGRESSIVE_PROFILING_FORM",
  "AGREEMENT",
  "PINGID_AUTHENTICATION",
  "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION",
];

/** The single `type` value a variant allows, looking through `allOf`. */
function typeValues(schema: Record<string, any>): string[] {
  const own = schema.properties?.type?.enum ?? [];
  return [...own, ...(schema.allOf ?? []).flatMap((part: object) => typeValues(deref(part)))];
}

const unions = Object.entries<Record<string, any>>(spec.components.schemas).filter(
  ([name, schema]) => schema.discriminator && name.startsWith("SignOnPolicyAction"),
);

describe("the sign-on policy action unions", () => {
  it("are the response, create and replace shapes", () => {
    expect(unions.map(([name]) => name).sort()).toEqual([
      "SignOnPolicyAction",
      "SignOnPolicyActionCreateInput",
      "SignOnPolicyActionInput",
    ]);
  });

  describe.each(unions)("%s", (name, union) => {
    it("discriminates on type over the nine action types, each mapped to its own variant", () => {
      expect(union.discriminator.propertyName).toBe("type");
      expect(Object.keys(union.discriminator.mapping).sort()).toEqual([...ACTION_TYPES].sort());
      const variants = union.oneOf.map((v: { $ref: string }) => v.$ref);
      expect(Object.values(union.discriminator.mapping).sort()).toEqual([...variants].sort());
    });

    it("gives every variant exactly one type value, the one its mapping names", () => {
      for (const [type, ref] of Object.entries<string>(union.discriminator.mapping)) {
        expect(typeValues(deref({ $ref: ref })), `${name} -> ${ref}`).toEqual([type]);
      }
    });

    it("matches exactly one variant for a minimal body of every type (plain oneOf, no discriminator)", () => {
      const minimal: Record<string, object> = {
        LOGIN: {},
        MULTI_FACTOR_AUTHENTICATION: {},
        IDENTIFIER_FIRST: {},
        IDENTITY_PROVIDER: { identityProvider: { id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11" } },
        PROGRESSIVE_PROFILING: {
          promptText: "Tell us more",
          promptIntervalSeconds: 60,
          preventMultiplePromptsPerFlow: true,
          attributes: [{ name: "mobilePhone", required: false }],
        },
        PROGRESSIVE_PROFILING_FORM: { form: { id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11" } },
        AGREEMENT: { agreement: { id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11" } },
        PINGID_AUTHENTICATION: {},
        PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION: {
          uniqueUserAttribute: { name: "externalId" },
          offlineMode: { enabled: false },
        },
      };
      const server =
        name === "SignOnPolicyAction"
          ? {
              _links: { self: { href: "https://api.pingone.com/v1/x" } },
              id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11",
              environment: { id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11" },
              signOnPolicy: { id: "6f1c1f43-3a0e-4c8e-9a34-2b1b7f0c2d11" },
            }
          : {};
      for (const type of ACTION_TYPES) {
        const result = validateAt(schemaPointer(name), { priority: 1, type, ...minimal[type], ...server });
        expect(result.errors, type).toEqual([]);
      }
    });
  });

  it("requires the server-set fields in responses but not in requests", () => {
    const request = { priority: 1, type: "LOGIN" };
    expect(validateAt(schemaPointer("SignOnPolicyActionCreateInput"), request).valid).toBe(true);
    const { valid, errors } = validateAt(schemaPointer("SignOnPolicyAction"), request);
    expect(valid).toBe(false);
    expect(errors.map((e) => e.params).filter((p) => "missingProperty" in p)).toEqual(
      expect.arrayContaining([{ missingProperty: "id" }, { missingProperty: "_links" }]),
    );
  });
});
