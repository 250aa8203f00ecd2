/** A fetch that remembers each exchange (method, path, status) so a step can report what it did. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
}

export function recordingFetch(fetch: typeof globalThis.fetch = globalThis.fetch) {
  let recorded: Exchange[] = [];
  const record: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    recorded.push({ method: request.method, path: new URL(request.url).pathname, status: response.status });
    return response;
  };
  return {
    fetch: record,
    /** The exchanges since the last call, as `METHOD path status, ...`. */
    summary(): string {
      const taken = recorded;
      recorded = [];
      return taken.map((e) => `${e.method} ${e.path} ${e.status}`).join(", ");
    },
  };
}
