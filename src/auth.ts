import type { Middleware } from "openapi-fetch";
import { PingOneAuthError } from "./errors.js";

/**
 * An access token, or a function that returns one (sync or async). A function is called for every request,
 * so it can cache and refresh the token as it sees fit.
 */
export type AccessTokenProvider = string | (() => string | Promise<string>);

export async function resolveAccessToken(provider: AccessTokenProvider): Promise<string> {
  let token: unknown;
  try {
    token = typeof provider === "function" ? await provider() : provider;
  } catch (failure) {
    // The provider's own error may quote a secret, so neither its message nor the error itself is kept:
    // only its class name, which is enough to tell where to look.
    const kind = failure instanceof Error ? failure.name : typeof failure;
    throw new PingOneAuthError(`the accessToken function failed (${kind})`);
  }
  if (typeof token !== "string" || token.trim() === "") {
    throw new PingOneAuthError(
      `accessToken must be a non-empty string, got ${token === "" ? "an empty string" : typeof token}`,
    );
  }
  if (/[\s]/.test(token)) {
    throw new PingOneAuthError("accessToken must not contain whitespace (pass the token without 'Bearer ')");
  }
  return token;
}

/** Sets `Authorization: Bearer <token>` on every request, asking the provider each time. */
export function bearerAuth(provider: AccessTokenProvider): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await resolveAccessToken(provider)}`);
      return request;
    },
  };
}
