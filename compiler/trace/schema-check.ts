// Checks a value against one definition of the trace's JSON Schema: the small part of
// draft-07 the trace schema uses (type, const, enum, pattern, minimum, maxItems, items,
// required, properties, additionalProperties: false, $ref to a definition), each node
// turned once into a closure. A generated validator (ajv) costs a fifth of a second to
// build, more than reading a short trace takes; closures cost next to nothing up front.
// The tests check that this and ajv agree on the same records.

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
  const problem = checkerOf(node, definitions)(value);
  if (!problem) return undefined;
  // The path is put together only for a record that fails: a valid one builds no strings.
  const full = path + problem.steps.reverse().map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('');
  const message = problem.message === PATTERN ? (full.endsWith('.src') ? 'must be "file:line:column"' : 'must be a lower-case hex string starting with 0x') : problem.message;
  return { path: full, message };
}

const PATTERN = '\0pattern';

interface Failure {
  /** Property names and array indices from the failing value up to the root. */
  steps: (string | number)[];
  message: string;
}

type Checker = (value: unknown) => Failure | undefined;

const failure = (message: string, step?: string | number): Failure => ({ steps: step === undefined ? [] : [step], message });

/** Each schema node turned once into a closure that checks it: a trace checks a million records against a few nodes. */
const checkers = new WeakMap<SchemaNode, Checker>();

function checkerOf(node: SchemaNode, definitions: Record<string, SchemaNode>): Checker {
  let checker = checkers.get(node);
  if (checker) return checker;
  // Placed before it is built, so a recursive $ref finds it.
  let built: Checker | undefined;
  checkers.set(node, (value) => built!(value));
  built = buildChecker(node, definitions);
  checkers.set(node, built);
  return built;
}

function buildChecker(node: SchemaNode, definitions: Record<string, SchemaNode>): Checker {
  if (node.$ref) {
    const target = definitions[node.$ref.slice('#/definitions/'.length)];
    return (value) => checkerOf(target, definitions)(value);
  }
  const checks: Checker[] = [];
  const type = node.type;
  if (type) checks.push((value) => (typeProblem(type, value) ? failure(`must be ${type}`) : undefined));
  if (node.const !== undefined) {
    const constant = node.const;
    checks.push((value) => (value !== constant ? failure(`must be ${JSON.stringify(constant)}`) : undefined));
  }
  if (node.enum) {
    const allowed = node.enum;
    checks.push((value) => (allowed.includes(value) ? undefined : failure(`must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`)));
  }
  if (node.pattern !== undefined) {
    const pattern = new RegExp(node.pattern, 'u');
    checks.push((value) => (typeof value === 'string' && !pattern.test(value) ? failure(PATTERN) : undefined));
  }
  if (node.minimum !== undefined) {
    const minimum = node.minimum;
    checks.push((value) => (typeof value === 'number' && value < minimum ? failure(`must be >= ${minimum}`) : undefined));
  }
  if (node.maxItems !== undefined || node.items) {
    const maxItems = node.maxItems;
    const items = node.items && checkerOf(node.items, definitions);
    checks.push((value) => {
      if (!Array.isArray(value)) return undefined;
      if (maxItems !== undefined && value.length > maxItems) return failure(`must have at most ${maxItems} items`);
      if (items) {
        for (let i = 0; i < value.length; i++) {
          const inner = items(value[i]);
          if (inner) return (inner.steps.push(i), inner);
        }
      }
      return undefined;
    });
  }
  if (type === 'object') {
    const required = node.required ?? [];
    const properties = new Map(Object.entries(node.properties ?? {}).map(([name, child]) => [name, checkerOf(child, definitions)]));
    const closed = node.additionalProperties === false;
    checks.push((value) => {
      const record = value as Record<string, unknown>;
      for (const name of required) if (!(name in record)) return failure('this field is missing', name);
      for (const name in record) {
        const property = properties.get(name);
        if (!property) {
          if (closed) return failure('no such field in this kind of record', name);
          continue;
        }
        const inner = property(record[name]);
        if (inner) return (inner.steps.push(name), inner);
      }
      return undefined;
    });
  }
  return (value) => {
    for (const check of checks) {
      const problem = check(value);
      if (problem) return problem;
    }
    return undefined;
  };
}
