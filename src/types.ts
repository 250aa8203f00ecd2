/**
 * Friendly names for the spec's schemas. Each is exactly the generated type; nothing here is hand-modelled.
 */
import type { components, operations, paths } from "./generated/openapi.js";

export type { components, operations, paths };
type Schemas = components["schemas"];

/** The body of every PingOne error response. */
export type PingOneError = Schemas["P1Error"];
export type PingOneErrorDetail = Schemas["P1ErrorDetail"];

/** A sign-on policy action as PingOne returns it: narrow on `type` to reach the fields of one kind. */
export type SignOnPolicyAction = Schemas["SignOnPolicyAction"];
export type SignOnPolicyActionType = SignOnPolicyAction["type"];
/** The body of `createSignOnPolicyAction`. */
export type SignOnPolicyActionCreateInput = Schemas["SignOnPolicyActionCreateInput"];
/** The body of `replaceSignOnPolicyActionById`. */
export type SignOnPolicyActionInput = Schemas["SignOnPolicyActionInput"];
export type SignOnPolicyCondition = Schemas["SignOnPolicyCondition"];
export type SignOnPolicyActionCollection = Schemas["SignOnPolicyActionCollection"];

export type LoginAction = Schemas["SignOnPolicyActionLogin"];
export type MultiFactorAuthenticationAction = Schemas["SignOnPolicyActionMultiFactorAuthentication"];
export type IdentifierFirstAction = Schemas["SignOnPolicyActionIdentifierFirst"];
export type IdentityProviderAction = Schemas["SignOnPolicyActionIdentityProvider"];
export type ProgressiveProfilingAction = Schemas["SignOnPolicyActionProgressiveProfiling"];
export type ProgressiveProfilingActionCreateInput =
  Schemas["SignOnPolicyActionProgressiveProfilingCreateInput"];
export type ProgressiveProfilingFormAction = Schemas["SignOnPolicyActionProgressiveProfilingForm"];
export type AgreementAction = Schemas["SignOnPolicyActionAgreement"];
export type PingIdAuthenticationAction = Schemas["SignOnPolicyActionPingIdAuthentication"];
export type PingIdWinLoginPasswordlessAuthenticationAction =
  Schemas["SignOnPolicyActionPingIdWinLoginPasswordlessAuthentication"];

/** An application attribute mapping as PingOne returns it. */
export type ApplicationAttributeMapping = Schemas["ApplicationAttributeMapping"];
/** The body of `createApplicationAttributeMapping` and `replaceApplicationAttributeMappingById`. */
export type ApplicationAttributeMappingInput = Schemas["ApplicationAttributeMappingInput"];
export type ApplicationAttributeMappingCollection = Schemas["ApplicationAttributeMappingCollection"];

export type Link = Schemas["Link"];
export type Links = Schemas["Links"];
