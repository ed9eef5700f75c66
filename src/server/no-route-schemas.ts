/**
 * Fastify's default schema compilers load Ajv and fast-json-stringify at start-up
 * (~430 modules; ~15 MiB more resident memory for the server process, measured with
 * `strata server` under tsx). Strata's routes declare no schemas — handlers read fields
 * with RequestFields and write JSON themselves — so the server installs these instead.
 * Fastify calls them only for a route that declares a schema, which then fails at start-up.
 */
function noSchemas(): never {
  throw new Error('Strata routes declare no schemas (the Ajv/fast-json-stringify compilers are not loaded); validate in the handler');
}

export const NO_ROUTE_SCHEMA_COMPILERS = { buildValidator: noSchemas, buildSerializer: noSchemas };
