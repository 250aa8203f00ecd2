/** A path template of the spec, e.g. `/environments/{environmentID}/users/{userID}`, and its method. */
export interface Route {
  readonly method: string;
  readonly path: string;
}

/**
 * Finds the route a request is for, as Prism routes it: the spec's paths match the path as is (no `/v1`), a
 * template parameter matches one segment, and `/users/me` beats `/users/{userID}` (more literal segments win).
 */
export function routeFinder<R extends Route>(
  routes: readonly R[],
): (method: string, pathname: string) => R | undefined {
  const compiled = routes.map((route) => ({
    route,
    method: route.method.toLowerCase(),
    pattern: new RegExp(
      `^${route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`,
    ),
    literals: route.path.split("/").filter((part) => part && !part.startsWith("{")).length,
  }));
  return (method, pathname) => {
    const matches = compiled.filter((c) => c.method === method.toLowerCase() && c.pattern.test(pathname));
    return matches.sort((a, b) => b.literals - a.literals)[0]?.route;
  };
}
