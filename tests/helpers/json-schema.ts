// A minimal JSON Schema (2020-12 subset) check: the keywords the schemas in fixtures/export-schemas/
// use (oneOf, const, enum, type, minimum, minLength, min/maxItems, prefixItems, items, required,
// additionalProperties, $ref), so an exported action is checked against a schema without a
// validator package. Answers the errors, [] when the value is valid.
import { readFileSync } from 'node:fs';

export type Schema = Record<string, unknown>;

export function loadSchema(name: string): Schema {
  return JSON.parse(readFileSync(new URL(`../../fixtures/export-schemas/${name}.schema.json`, import.meta.url), 'utf8')) as Schema;
}

export function schemaErrors(schema: Schema, value: unknown, root: Schema = schema, at = '$'): string[] {
  if (schema.$ref) return schemaErrors(resolve(root, schema.$ref as string), value, root, at);
  const errors: string[] = [];
  if (schema.oneOf) {
    const passing = (schema.oneOf as Schema[]).filter((s) => schemaErrors(s, value, root, at).length === 0).length;
    if (passing !== 1) errors.push(`${at}: matches ${passing} of oneOf (${JSON.stringify(value)})`);
  }
  if ('const' in schema && schema.const !== value) errors.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  const type = schema.type as string | undefined;
  if (type && !isType(value, type)) return [...errors, `${at}: not ${type} (${JSON.stringify(value)})`];
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${at}: too short`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    const prefix = (schema.prefixItems as Schema[] | undefined) ?? [];
    value.forEach((v, i) => {
      const s = prefix[i] ?? schema.items;
      if (s === false) errors.push(`${at}[${i}]: not allowed`);
      else if (s && typeof s === 'object') errors.push(...schemaErrors(s as Schema, v, root, `${at}[${i}]`));
    });
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const r of (schema.required as string[] | undefined) ?? []) if (!(r in value)) errors.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) errors.push(...schemaErrors(props[k], v, root, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected ${k}`);
    }
  }
  return errors;
}
function resolve(root: Schema, ref: string): Schema {
  return ref.replace(/^#\//, '').split('/').reduce<Schema>((s, part) => s[part] as Schema, root);
}
function isType(v: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(v);
  if (type === 'array') return Array.isArray(v);
  if (type === 'object') return v !== null && typeof v === 'object' && !Array.isArray(v);
  if (type === 'null') return v === null;
  return typeof v === type;
}
