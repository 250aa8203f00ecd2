/**
 * Redocly plugin: the lint rules a code generator needs that Redocly has no built-in rule for.
 * Loaded by redocly.yaml (`plugins:`); its rules are named `pingone/<rule>` there.
 */

/** The JSON pointer segments under which a schema is validation only: generators emit no type for it. */
const CONSTRAINT_ONLY = new Set(["not", "if", "then", "else", "dependentSchemas"]);

/**
 * Every schema a generator would turn into a type of its own (an object with properties, an enum with more
 * than one value, a union) must be a named component, or each generator invents a name such as
 * `ApplicationCommonAccessControlGroup` and renames it when the spec moves a field. Named schemas need a
 * description, which heads the generated type's documentation.
 */
function NamedSchemas() {
  return {
    Schema: {
      enter(schema, ctx) {
        const segments = ctx.location.pointer.split("/").slice(1);
        const isComponentRoot =
          segments.every((segment) => segment === "") ||
          (segments.length === 3 && segments[0] === "components" && segments[1] === "schemas");
        // An inline allOf member is merged into its parent's type, not named on its own.
        const isAllOfMember = segments.at(-2) === "allOf";
        if (isComponentRoot && !schema.description)
          ctx.report({
            message: "A named schema needs a description: it heads the generated type's documentation.",
            location: ctx.location,
          });
        if (isComponentRoot || isAllOfMember || segments.some((segment) => CONSTRAINT_ONLY.has(segment)))
          return;
        const kind = namedKind(schema);
        if (kind)
          ctx.report({
            message: `Inline ${kind}: give it a name under components/schemas and $ref it, so every generator names it the same.`,
            location: ctx.location,
          });
      },
    },
  };
}

function namedKind(schema) {
  if (schema.properties && Object.keys(schema.properties).length > 0) return "object schema";
  if (Array.isArray(schema.enum) && schema.enum.length > 1) return "enum";
  if (schema.oneOf || schema.anyOf) return "union";
  return undefined;
}

/** Operation summaries title the generated methods and the reference docs: two alike would be ambiguous. */
function UniqueOperationSummary() {
  const seen = new Map();
  return {
    Operation: {
      enter(operation, ctx) {
        if (!operation.summary) return;
        const first = seen.get(operation.summary);
        if (first)
          ctx.report({
            message: `Summary "${operation.summary}" is also used by ${first}.`,
            location: ctx.location.child("summary"),
          });
        else seen.set(operation.summary, operation.operationId ?? ctx.location.pointer);
      },
    },
  };
}

export default function generatorRules() {
  return {
    id: "pingone",
    rules: {
      oas3: {
        "named-schemas": NamedSchemas,
        "unique-operation-summary": UniqueOperationSummary,
      },
    },
  };
}
