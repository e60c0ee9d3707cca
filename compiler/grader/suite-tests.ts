// What an assignment's test suites promise before any submission is built: every test's
// name, points, part and visibility, read from the suites' syntax alone (a suite imports the
// student's program, which differs per student). The grader uses it to check the suites
// against assignment.json once, to give a submission whose suites did not even run (the
// grader's wall-clock limit) a zero on every test, and to write the GitHub workflow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ast from '../../grammar/ast.js';
import { parse } from '../../grammar/index.js';
import type { Assignment, ManifestError } from './assignment.js';
import { MANIFEST_FILE } from './assignment.js';
import type { Visibility } from './submission-grade.js';

export interface PlannedTest {
  name: string;
  suite: string;
  /** The part it counts towards: its `part:` option, else the manifest's first part. */
  part: string;
  points: number;
  visibility: Visibility;
}

const DEFAULT_POINTS = 1;

/** A suite test's visibility: its own option, else hidden until published in a hidden suite. */
export function visibilityOf(option: string | undefined, hiddenSuite: boolean): Visibility {
  if (option === 'visible' || option === 'hidden' || option === 'after_due_date') return option;
  return hiddenSuite ? 'after_published' : 'visible';
}

function optionValue(decl: ast.TestDecl, name: string): ast.TestOption['value'] | undefined {
  return decl.options.find((o) => o.name?.name === name)?.value;
}

export function planTests(assignment: Assignment, displayDir: string): PlannedTest[] | ManifestError {
  const manifest = join(displayDir, MANIFEST_FILE);
  const planned: PlannedTest[] = [];
  for (const [i, suite] of assignment.suites.entries()) {
    const text = readFileSync(join(assignment.dir, suite.file), 'utf8');
    const { program, diagnostics } = parse(text, suite.file);
    const syntax = diagnostics.find((d) => d.severity === 'error');
    if (syntax) {
      return { code: 'G0004', file: manifest, field: `/suites/${i}/file`, message: `${suite.file}:${syntax.span.startLine}:${syntax.span.startCol}: ${syntax.message}` };
    }
    const tests = program.items.filter((item): item is ast.TestDecl => item.kind === 'TestDecl');
    if (tests.length === 0) return { code: 'G0004', file: manifest, field: `/suites/${i}/file`, message: `${suite.file} has no \`test\` blocks` };
    for (const decl of tests) {
      const part = optionValue(decl, 'part');
      const points = optionValue(decl, 'points');
      const visibility = optionValue(decl, 'visibility');
      const partName = part?.kind === 'StringLiteral' ? part.value : assignment.parts[0].name;
      const where = `${suite.file}:${decl.span.startLine}:${decl.span.startCol}`;
      if (!assignment.parts.some((p) => p.name === partName)) {
        return { code: 'G0004', file: manifest, field: '/parts', message: `${where}: test "${decl.name?.value}" counts towards part "${partName}", which /parts does not list` };
      }
      planned.push({
        name: decl.name?.value ?? '',
        suite: suite.file,
        part: partName,
        points: points?.kind === 'IntLiteral' ? Number(points.value) : DEFAULT_POINTS,
        visibility: visibilityOf(visibility?.kind === 'Ident' ? visibility.name : undefined, suite.hidden),
      });
    }
  }
  const names = planned.map((t) => t.name);
  const twice = planned.find((t, i) => names.indexOf(t.name) !== i);
  if (twice) return { code: 'G0004', file: manifest, field: '/suites', message: `two tests are named "${twice.name}" (one is in ${twice.suite}): grades list tests by name` };
  for (const [i, part] of assignment.parts.entries()) {
    if (part.points === undefined) continue;
    const sum = planned.filter((t) => t.part === part.name).reduce((s, t) => s + t.points, 0);
    if (sum !== part.points) {
      return { code: 'G0004', file: manifest, field: `/parts/${i}/points`, message: `part "${part.name}" is worth ${part.points} points, but its tests add up to ${sum}` };
    }
  }
  return planned;
}
