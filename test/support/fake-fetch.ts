/** A fetch that records every request and answers from a script: no network. */
export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  requests: Request[];
}

export function fakeFetch(
  answer: (request: Request) => Response | Promise<Response> = () => Response.json({}, { status: 200 }),
): FakeFetch {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    requests.push(request);
    return answer(request);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** An answer that never comes: the request fails only when its signal aborts, with the signal's reason. */
export function hangUntilAborted(request: Request): Promise<Response> {
  return new Promise((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason)),
  );
}

/** The real fetch, noting when each request was handed to it: where an attempt's clock starts. */
export function timedFetch(): { fetch: typeof globalThis.fetch; sentAt: number[] } {
  const sentAt: number[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    sentAt.push(Date.now());
    return globalThis.fetch(input, init);
  };
  return { fetch, sentAt };
}
