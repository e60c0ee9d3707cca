// A `test` block's options (grammar/README.md, "Tests and grading"): points, part,
// visibility and the per-test limits, each checked for a known name and a valid value, and
// test names unique across every loaded file (a grader and a student cannot both own a name).
import type * as ast from '../../grammar/ast.js';
import { Code } from './codes.js';
import type { CheckContext } from './context.js';
import type { TestInfo, TestVisibility } from './model.js';

const VISIBILITIES: readonly TestVisibility[] = ['visible', 'hidden', 'after_due_date'];

/** The largest `points`, `timeout_ms` or `max_steps` a test may give (exact in a double). */
const MAX_OPTION_VALUE = 2n ** 53n - 1n;

type OptionName = 'points' | 'part' | 'visibility' | 'timeout_ms' | 'max_steps';

/** What each option takes, said the way its diagnostic says it. */
const OPTIONS: Record<OptionName, { wants: string; example: string }> = {
  points: { wants: 'a whole number of points (0 or more)', example: 'points: 5' },
  part: { wants: 'a non-empty string naming the part', example: 'part: "Attack"' },
  visibility: { wants: '`visible`, `hidden` or `after_due_date`', example: 'visibility: hidden' },
  timeout_ms: { wants: 'a positive number of milliseconds', example: 'timeout_ms: 2000' },
  max_steps: { wants: 'a positive number of instructions', example: 'max_steps: 1000000' },
};

const isOptionName = (name: string): name is OptionName => Object.hasOwn(OPTIONS, name);

export function declareTest(cx: CheckContext, decl: ast.TestDecl, file: string): void {
  const info: TestInfo = {
    name: decl.name?.value ?? '',
    decl,
    file,
    points: 1,
    part: undefined,
    visibility: 'visible',
    timeoutMs: undefined,
    maxSteps: undefined,
  };
  const seen = new Map<string, ast.TestOption>();
  for (const option of decl.options) {
    if (!option?.name || !option.value) continue;
    const name = option.name.name;
    if (!isOptionName(name)) {
      cx.report(Code.UnknownTestOption, `a test has no option \`${name}\``, option.name.span, {
        label: 'unknown option',
        hint: 'the options are `points`, `part`, `visibility`, `timeout_ms` and `max_steps`',
      });
      continue;
    }
    const earlier = seen.get(name);
    if (earlier) {
      cx.report(Code.BadTestOption, `the option \`${name}\` is given twice`, option.span, {
        label: 'given again',
        related: [{ message: 'first given here', span: earlier.span }],
      });
      continue;
    }
    seen.set(name, option);
    applyOption(cx, info, name, option);
  }
  claimTestName(cx, info);
  cx.result.tests.push(info);
}

function applyOption(cx: CheckContext, info: TestInfo, name: OptionName, option: ast.TestOption): void {
  const value = option.value;
  if (value.kind === 'ErrorExpr') return;
  const wrong = () =>
    cx.report(Code.BadTestOption, `\`${name}\` takes ${OPTIONS[name].wants}`, value.span, {
      label: 'not valid here',
      hint: `for example \`${OPTIONS[name].example}\``,
    });
  const count = (min: bigint): number | undefined => {
    if (value.kind !== 'IntLiteral' || value.value < min || value.value > MAX_OPTION_VALUE) return undefined;
    return Number(value.value);
  };
  switch (name) {
    case 'points': {
      const points = count(0n);
      if (points === undefined) return wrong();
      info.points = points;
      return;
    }
    case 'timeout_ms':
    case 'max_steps': {
      const limit = count(1n);
      if (limit === undefined) return wrong();
      if (name === 'timeout_ms') info.timeoutMs = limit;
      else info.maxSteps = limit;
      return;
    }
    case 'part':
      if (value.kind !== 'StringLiteral' || value.value.trim() === '') return wrong();
      info.part = value.value;
      return;
    case 'visibility': {
      const visibility = value.kind === 'Ident' ? VISIBILITIES.find((v) => v === value.name) : undefined;
      if (!visibility) return wrong();
      info.visibility = visibility;
      return;
    }
  }
}

/** Two tests with one name would be one line in every report: refused across files, except
 *  between a grading file and the student's (their tests never run together, and a student
 *  must not be able to break the grader's build by naming a test). */
function claimTestName(cx: CheckContext, info: TestInfo): void {
  if (!info.decl.name) return;
  const grader = cx.isGraderFile(info.file);
  const previous = cx.result.tests.find((t) => t.decl.name && t.name === info.name && cx.isGraderFile(t.file) === grader);
  if (!previous) return;
  cx.report(Code.DuplicateTest, `two tests are named "${info.name}"`, info.decl.name.span, {
    label: 'named again',
    hint: 'give each test its own name: reports and grades list tests by name',
    related: [{ message: 'the first test with this name', span: previous.decl.name!.span }],
  });
}
