/**
 * The bundled spec's operations, found from a request's method and path, and its schemas, walked by an
 * instance location: what a drift report needs to name the operation and make sense of Prism's violations.
 */
import { routeFinder } from "../../src/testing/routes.js";
import { deref } from "./json-pointer.js";
import { bundledSpec, specOperations, type Json, type SpecOperation } from "./spec-model.js";

export type { SpecOperation };

export class SpecOperations {
  /** The operation a request is for, as Prism routes it: the spec's paths match the path as is (no `/v1`). */
  readonly find: (method: string, pathname: string) => SpecOperation | undefined;

  constructor(private readonly spec: Json = bundledSpec()) {
    this.find = routeFinder(specOperations(spec));
  }

  /**
   * The schema of a request or response body: of the request's media type (or the first), and for a response
   * of the first 2xx status that has one (a response Prism replaced by its 500 no longer says its status).
   */
  bodySchema(operation: SpecOperation, side: "request" | "response", contentType = ""): Json | undefined {
    const bodies =
      side === "request"
        ? [operation.op.requestBody]
        : Object.entries<Json>(operation.op.responses ?? {})
            .filter(([status]) => /^2/.test(status))
            .map(([, response]) => response);
    for (const body of bodies) {
      const content = Object.entries<Json>(this.deref(body)?.content ?? {});
      const [, media] = content.find(([type]) => contentType.startsWith(type)) ?? content[0] ?? [];
      if (media?.schema) return this.deref(media.schema);
    }
    return undefined;
  }

  /** The subschema at an instance location such as `["attributes", "0", "required"]`, through compositions. */
  schemaAt(schema: Json | undefined, location: readonly string[]): Json | undefined {
    let node = schema;
    for (const segment of location) {
      node = node && this.child(node, segment);
      if (!node) return undefined;
    }
    return node;
  }

  /** The properties a schema declares and requires, allOf members included. */
  shape(schema: Json): { properties: Set<string>; required: Set<string> } {
    const node = this.deref(schema) ?? {};
    const shape = {
      properties: new Set(Object.keys(node.properties ?? {})),
      required: new Set<string>(node.required ?? []),
    };
    for (const member of node.allOf ?? []) {
      const inner = this.shape(member);
      inner.properties.forEach((name) => shape.properties.add(name));
      inner.required.forEach((name) => shape.required.add(name));
    }
    return shape;
  }

  private deref(object: Json | undefined): Json | undefined {
    return deref(this.spec, object);
  }

  private child(schema: Json, segment: string): Json | undefined {
    const node = this.deref(schema)!;
    const direct =
      node.properties?.[segment] ??
      (/^\d+$/.test(segment) ? node.items : undefined) ??
      (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
    if (direct) return this.deref(direct);
    for (const member of [...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
      const found = this.child(member, segment);
      if (found) return found;
    }
    return undefined;
  }
}
