// Reading an assignment folder: its assignment.json, checked against
// schema/assignment.schema.json, and every file it names. A bad manifest is one error
// value (a code, the file, the JSON pointer of the field, a sentence), never a throw.
import AjvModule from 'ajv';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { jsonSyntaxError } from '../json-syntax.js';
import schema from './schema/assignment.schema.json' with { type: 'json' };

export const MANIFEST_FILE = 'assignment.json';

export interface AssignmentPart {
  name: string;
  title: string;
  points?: number;
}

export interface AssignmentSuite {
  file: string;
  hidden: boolean;
}

export interface AssignmentLimits {
  maxSteps: number;
  timeoutSeconds: number;
  maxOutputBytes: number;
  maxFileBytes: number;
}

export interface Assignment {
  /** The assignment folder, absolute. */
  dir: string;
  name: string;
  title: string;
  handin: string[];
  starter?: string;
  support: string[];
  parts: AssignmentPart[];
  suites: AssignmentSuite[];
  limits: AssignmentLimits;
}

export const DEFAULT_LIMITS: AssignmentLimits = { maxSteps: 5_000_000, timeoutSeconds: 120, maxOutputBytes: 16384, maxFileBytes: 262144 };

/** G0001 not JSON, G0002 fails the schema, G0003 a named file is missing, G0004 inconsistent. */
export interface ManifestError {
  code: 'G0001' | 'G0002' | 'G0003' | 'G0004';
  /** The manifest's path as given. */
  file: string;
  /** A JSON pointer to the field (`/suites/1/file`), or `line:col` of a syntax error. */
  field: string;
  message: string;
}

export function formatManifestError(e: ManifestError): string {
  return `error[${e.code}]: ${e.file}: ${e.field}: ${e.message}`;
}

// ajv is CommonJS: its default export arrives as the module object or the class itself.
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;
let validator: ReturnType<InstanceType<typeof Ajv>['compile']> | undefined;
function validate(value: unknown) {
  validator ??= new Ajv({ allErrors: false, strict: true, useDefaults: false }).compile(schema);
  return { ok: validator(value) as boolean, errors: validator.errors ?? [] };
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return `${line}:${before.length - before.lastIndexOf('\n')}`;
}

/** A path inside `root` (after symlinks) that names a regular file or folder, or undefined. */
export function insideRoot(root: string, relative: string): string | undefined {
  const full = resolve(root, relative);
  if (!existsSync(full)) return undefined;
  const real = realpathSync(full);
  const realRoot = realpathSync(root);
  return real === realRoot || real.startsWith(realRoot + sep) ? real : undefined;
}

export function loadAssignment(dirArgument: string, displayDir = dirArgument): Assignment | ManifestError {
  const dir = resolve(dirArgument);
  const file = join(displayDir, MANIFEST_FILE);
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath) || !lstatSync(manifestPath).isFile()) {
    return { code: 'G0003', file, field: '/', message: `there is no ${MANIFEST_FILE} in ${displayDir}: an assignment folder holds one (see compiler/grader/schema/assignment.schema.json)` };
  }
  // An editor's byte-order mark is not an error worth stopping a class for.
  const text = readFileSync(manifestPath, 'utf8').replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const syntax = jsonSyntaxError(text) ?? { offset: 0, message: 'JSON.parse refused it' };
    return { code: 'G0001', file, field: lineCol(text, syntax.offset), message: `not valid JSON: ${syntax.message}` };
  }
  const checked = validate(value);
  if (!checked.ok) {
    const error = checked.errors[0];
    let field = error.instancePath || '/';
    let message = error.message ?? 'is not allowed here';
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      field = `${error.instancePath}/${extra}`;
      message = `unknown field "${extra}"`;
    } else if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      field = `${error.instancePath}/${missing}`;
      message = 'is required';
    } else if (error.keyword === 'pattern' && /relativePath/.test(error.schemaPath)) {
      message = 'must be a relative path with forward slashes and no `.` or `..` step';
    } else if (error.keyword === 'const' || error.keyword === 'enum') {
      message = `${message} (${JSON.stringify((error.params as { allowedValue?: unknown; allowedValues?: unknown }).allowedValue ?? (error.params as { allowedValues?: unknown }).allowedValues)})`;
    }
    return { code: 'G0002', file, field, message };
  }
  const raw = value as Omit<Assignment, 'dir' | 'limits' | 'support' | 'suites'> & {
    support?: string[];
    suites: { file: string; hidden?: boolean }[];
    limits?: Partial<AssignmentLimits>;
  };

  const missing = (field: string, path: string, kind: 'file' | 'folder'): ManifestError | undefined => {
    const real = insideRoot(dir, path);
    const ok = real !== undefined && (kind === 'file' ? lstatSync(real).isFile() : lstatSync(real).isDirectory());
    if (ok) return undefined;
    return { code: 'G0003', file, field, message: `"${path}" is not a ${kind} inside ${displayDir}` };
  };
  for (const [i, support] of (raw.support ?? []).entries()) {
    const error = missing(`/support/${i}`, support, 'file');
    if (error) return error;
  }
  for (const [i, suite] of raw.suites.entries()) {
    const error = missing(`/suites/${i}/file`, suite.file, 'file');
    if (error) return error;
    if (!suite.file.endsWith('.pen')) return { code: 'G0002', file, field: `/suites/${i}/file`, message: `"${suite.file}" is not a .pen file` };
  }
  if (raw.starter !== undefined) {
    const error = missing('/starter', raw.starter, 'folder');
    if (error) return error;
  }
  const partNames = raw.parts.map((p) => p.name);
  const twice = partNames.findIndex((n, i) => partNames.indexOf(n) !== i);
  if (twice >= 0) return { code: 'G0004', file, field: `/parts/${twice}/name`, message: `part "${partNames[twice]}" is named twice` };
  const suiteFiles = raw.suites.map((s) => s.file);
  const suiteTwice = suiteFiles.findIndex((n, i) => suiteFiles.indexOf(n) !== i);
  if (suiteTwice >= 0) return { code: 'G0004', file, field: `/suites/${suiteTwice}/file`, message: `suite "${suiteFiles[suiteTwice]}" is listed twice` };
  const handinClash = raw.handin.findIndex((h) => suiteFiles.includes(h));
  if (handinClash >= 0) return { code: 'G0004', file, field: `/handin/${handinClash}`, message: `"${raw.handin[handinClash]}" is both a hand-in file and a test suite` };

  return {
    dir,
    name: raw.name,
    title: raw.title,
    handin: raw.handin,
    starter: raw.starter,
    support: raw.support ?? [],
    parts: raw.parts,
    suites: raw.suites.map((s) => ({ file: s.file, hidden: s.hidden ?? false })),
    limits: { ...DEFAULT_LIMITS, ...raw.limits },
  };
}
