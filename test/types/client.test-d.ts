/** The typed surface users rely on. These are compile-time checks: a regression fails `tsc`, not a runtime. */
import { describe, expectTypeOf, it } from "vitest";
import {
  createPingOneClient,
  type ApplicationAttributeMapping,
  type PingOneError,
  type ProgressiveProfilingAction,
  type SignOnPolicyAction,
  type SignOnPolicyActionCreateInput,
  type SignOnPolicyActionType,
  type components,
} from "../../src/index.js";

type User = components["schemas"]["User"];

const client = createPingOneClient({ accessToken: "t" });
const path = { environmentID: "e", policyID: "p" };

describe("sign-on policy actions", () => {
  it("narrow on type", () => {
    const action = {} as SignOnPolicyAction;
    if (action.type === "PROGRESSIVE_PROFILING") {
      expectTypeOf(action).toEqualTypeOf<ProgressiveProfilingAction>();
      expectTypeOf(action.promptText).toEqualTypeOf<string>();
    }
    if (action.type === "AGREEMENT") expectTypeOf(action.agreement.id).toEqualTypeOf<string>();
    // @ts-expect-error LOGIN actions have no promptText
    if (action.type === "LOGIN") void action.promptText;
  });

  it("have the nine documented types", () => {
    expectTypeOf<SignOnPolicyActionType>().toEqualTypeOf<
      | "LOGIN"
      | "MULTI_FACTOR_AUTHENTICATION"
      | "IDENTIFIER_FIRST"
      | "IDENTITY_PROVIDER"
      | "PROGRESSIVE_PROFILING"
      | "PROGRESSIVE_PROFILING_FORM"
      | "AGREEMENT"
      | "PINGID_AUTHENTICATION"
      | "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION"
    >();
  });

  it("carry the server-set fields in responses, required", () => {
    expectTypeOf<SignOnPolicyAction["id"]>().toEqualTypeOf<string>();
    expectTypeOf<SignOnPolicyAction["environment"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ApplicationAttributeMapping["createdAt"]>().toEqualTypeOf<string>();
  });

  it("do not ask requests for server-set fields", () => {
    expectTypeOf({ priority: 1, type: "LOGIN" as const }).toExtend<SignOnPolicyActionCreateInput>();
  });

  it("accept Ping's published bodies, read-only fields included", () => {
    const ids = { environmentID: "e", policyID: "p" };
    void client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        environment: { id: "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6" },
        signOnPolicy: { id: "551e6ddc-7f2d-4934-98a5-ddc50037246a" },
        priority: 10,
        type: "LOGIN",
        registration: { enabled: true, population: { id: "0a3c7f64-2d4e-4a4c-9d83-0f3a1f2b9c11" } },
      },
    });
    void client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path: ids },
      body: {
        priority: 10,
        type: "MULTI_FACTOR_AUTHENTICATION",
        condition: { anonymousNetwork: ["1.1.1.1/10"], valid: "${flow.request.http.remoteIp}" },
        recovery: { enabled: false },
        authenticator: { enabled: true },
        applications: [
          {
            id: "a",
            autoEnrollment: { enabled: true },
            deviceAuthorization: { enabled: true, extraVerification: "permissive" },
          },
        ],
      },
    });
    void client.POST("/environments/{environmentID}/applications/{applicationID}/attributes", {
      params: { path: { environmentID: "e", applicationID: "a" } },
      body: { name: "email", value: "${user.email}", required: false, mappingType: "CUSTOM" },
    });
  });

  it("refuse a PROGRESSIVE_PROFILING create body without attributes", () => {
    void client.POST("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path },
      // @ts-expect-error attributes is required when creating a PROGRESSIVE_PROFILING action
      body: {
        priority: 50,
        type: "PROGRESSIVE_PROFILING",
        promptText: "Please provide the following information.",
        promptIntervalSeconds: 3600,
        preventMultiplePromptsPerFlow: false,
      },
    });
  });

  it("refuse an unknown type and a priority of the wrong type", () => {
    // @ts-expect-error not an action type
    const unknownType: SignOnPolicyActionCreateInput = { priority: 1, type: "PASSWORDLESS" };
    // @ts-expect-error priority is a number
    const stringPriority: SignOnPolicyActionCreateInput = { priority: "1", type: "LOGIN" };
    void unknownType;
    void stringPriority;
  });

  it("require the path parameters", () => {
    void client.GET("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      // @ts-expect-error policyID is missing
      params: { path: { environmentID: "e" } },
    });
  });
});

describe("users", () => {
  const environmentID = "e";

  it("list with the documented query parameters, and only those", () => {
    void client.GET("/environments/{environmentID}/users", {
      params: { path: { environmentID }, query: { limit: 10, filter: 'username eq "x"' } },
    });
    // openapi-fetch infers the request options generically, so TypeScript checks a misspelled key only where
    // nothing else in the query matches (`paginate` below checks it beside `limit` too).
    void client.GET("/environments/{environmentID}/users", {
      params: {
        path: { environmentID },
        // @ts-expect-error the parameter is `filter`
        query: { filtre: 'username eq "x"' },
      },
    });
    void client.GET("/environments/{environmentID}/users", {
      // @ts-expect-error limit is a number
      params: { path: { environmentID }, query: { limit: "10" } },
    });
  });

  it("paginate with the same query parameters", () => {
    const users = client.paginate("/environments/{environmentID}/users", {
      params: { path: { environmentID }, query: { limit: 10, filter: 'username eq "x"' } },
    });
    expectTypeOf(users).toExtend<AsyncIterable<User>>();
    void client.paginate("/environments/{environmentID}/users", {
      params: {
        path: { environmentID },
        // @ts-expect-error the parameter is `filter`
        query: { limit: 10, filtre: 'username eq "x"' },
      },
    });
  });

  it("keep the administrator's password set of the use case", () => {
    void client.PUT("/environments/{environmentID}/users/{userID}/password", {
      params: { path: { environmentID, userID: "u" } },
      headers: { "Content-Type": "application/vnd.pingidentity.password.set+json" },
      body: { value: "2FederateM0re!", forceChange: false },
    });
  });

  it("import a user whose password stays in an external directory", () => {
    const gateway = {
      id: "g",
      userType: { id: "t" },
      correlationAttributes: { uid: "jdoe" },
    };
    void client.POST("/environments/{environmentID}/users", {
      params: { path: { environmentID } },
      headers: { "Content-Type": "application/vnd.pingidentity.user.import+json" },
      body: { username: "jdoe", population: { id: "p" }, password: { external: { gateway } } },
    });
  });

  it("carry the field-complete response", () => {
    expectTypeOf<User["enabled"]>().toEqualTypeOf<boolean>();
    expectTypeOf<NonNullable<User["account"]>["status"]>().toEqualTypeOf<"OK" | "LOCKED" | undefined>();
    expectTypeOf<User["lifecycle"]["status"]>().toEqualTypeOf<
      "ACCOUNT_OK" | "VERIFICATION_REQUIRED" | undefined
    >();
    expectTypeOf<User["memberOfGroupIDs"]>().toEqualTypeOf<string[] | undefined>();
  });
});

describe("pagination", () => {
  it("yields the item type of the collection, and only collections can be paginated", () => {
    const mappings = client.paginate(
      "/environments/{environmentID}/applications/{applicationID}/attributes",
      {
        params: { path: { environmentID: "e", applicationID: "a" } },
      },
    );
    expectTypeOf(mappings).toExtend<AsyncIterable<ApplicationAttributeMapping>>();
    const actions = client.paginate("/environments/{environmentID}/signOnPolicies/{policyID}/actions", {
      params: { path },
    });
    expectTypeOf(actions).toExtend<AsyncIterable<SignOnPolicyAction>>();
    // @ts-expect-error a single user is not a collection
    void client.paginate("/environments/{environmentID}/users/{userID}", {
      params: { path: { environmentID: "e", userID: "u" } },
    });
  });
});

describe("the authorization server's paths", () => {
  it("are typed like the others, media type by media type", () => {
    void client.POST("/{environmentID}/flows/{flowID}", {
      params: { path: { environmentID: "e", flowID: "f" } },
      body: { username: "pp_user", password: "secret" },
    });
    void client.GET("/{environmentID}/as/authorize", {
      params: {
        path: { environmentID: "e" },
        // @ts-expect-error client_id is required
        query: { response_type: "code", redirect_uri: "https://example.com" },
      },
    });
  });

  it("type each token grant by grant_type", () => {
    void client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID: "e" } },
      body: {
        grant_type: "authorization_code",
        code: "c",
        redirect_uri: "https://example.com",
        code_verifier: "v",
      },
    });
    void client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID: "e" } },
      body: { grant_type: "refresh_token", refresh_token: "r", client_id: "app", client_secret: "s" },
    });
    void client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID: "e" } },
      // @ts-expect-error the authorization code grant needs the code
      body: { grant_type: "authorization_code", redirect_uri: "https://example.com" },
    });
    void client.POST("/{environmentID}/as/token", {
      params: { path: { environmentID: "e" } },
      // @ts-expect-error not a grant PingOne documents
      body: { grant_type: "password" },
    });
  });
});

describe("results", () => {
  it("type data by the success response and error as the PingOne error", async () => {
    const { data, error } = await client.GET(
      "/environments/{environmentID}/signOnPolicies/{policyID}/actions",
      {
        params: { path },
      },
    );
    // openapi-fetch maps the types (dropping `readonly`), so check assignability rather than identity.
    expectTypeOf(data?._embedded.actions).toExtend<SignOnPolicyAction[] | undefined>();
    expectTypeOf(error).toExtend<PingOneError | undefined>();
    expectTypeOf<PingOneError | undefined>().toExtend<typeof error>();
  });

  it("type mapping bodies", () => {
    void client.POST("/environments/{environmentID}/applications/{applicationID}/attributes", {
      params: { path: { environmentID: "e", applicationID: "a" } },
      // @ts-expect-error value is required
      body: { name: "email" },
    });
  });
});
