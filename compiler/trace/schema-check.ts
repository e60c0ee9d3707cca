// Checks a value against one definition of the trace's JSON Schema by walking the schema
// itself: the small part of draft-07 the trace schema uses (type, const, enum, pattern,
// minimum, maxItems, items, required, properties, additionalProperties: false, $ref to a
// definition). A compiled validator (ajv) costs a fifth of a second to build, more than
// reading a short trace; walking costs nothing up front. The tests check that this walk and
// ajv agree on the same records.

export interface SchemaNode {
  type?: 'object' | 'integer' | 'string' | 'array' | 'boolean' | 'number';
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maxItems?: number;
  items?: SchemaNode;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  $ref?: string;
}

export interface SchemaProblem {
  /** "$.request.pages" */
  path: string;
  message: string;
}

const patterns = new Map<string, RegExp>();

function typeProblem(type: NonNullable<SchemaNode['type']>, value: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof value !== 'object' || value === null || Array.isArray(value);
    case 'array':
      return !Array.isArray(value);
    case 'integer':
      return typeof value !== 'number' || !Number.isInteger(value);
    case 'number':
      return typeof value !== 'number' || !Number.isFinite(value);
    default:
      return typeof value !== type;
  }
}

/** The first problem of `value` against `node`, or undefined when it conforms. */
export function checkSchema(node: SchemaNode, value: unknown, definitions: Record<string, SchemaNode>, path = '$'): SchemaProblem | undefined {
  if (node.$ref) {
    const name = node.$ref.replace('#/definitions/', '');
    return checkSchema(definitions[name], value, definitions, path);
  }
  if (node.type && typeProblem(node.type, value)) return { path, message: `must be ${node.type}` };
  if ('const' in node && value !== node.const) return { path, message: `must be ${JSON.stringify(node.const)}` };
  if (node.enum && !node.enum.includes(value)) return { path, message: `must be one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}` };
  if (node.pattern !== undefined && typeof value === 'string') {
    let pattern = patterns.get(node.pattern);
    if (!pattern) patterns.set(node.pattern, (pattern = new RegExp(node.pattern, 'u')));
    if (!pattern.test(value)) return { path, message: path.endsWith('.src') ? 'must be "file:line:column"' : 'must be a lower-case hex string starting with 0x' };
  }
  if (node.minimum !== undefined && typeof value === 'number' && value < node.minimum) return { path, message: `must be >= ${node.minimum}` };
  if (Array.isArray(value)) {
    if (node.maxItems !== undefined && value.length > node.maxItems) return { path, message: `must have at most ${node.maxItems} items` };
    if (node.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = checkSchema(node.items, value[i], definitions, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (node.type === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of node.required ?? []) if (!(name in record)) return { path: `${path}.${name}`, message: 'this field is missing' };
    for (const name of Object.keys(record)) {
      const property = node.properties?.[name];
      if (!property) {
        if (node.additionalProperties === false) return { path: `${path}.${name}`, message: 'no such field in this kind of record' };
        continue;
      }
      const problem = checkSchema(property, record[name], definitions, `${path}.${name}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
