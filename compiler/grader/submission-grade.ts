// One student's grade as plain data (it crosses from a worker thread to the main thread),
// and the three files made from it: Gradescope's results.json, the teacher's report.txt and
// the student's row of grades.csv. Every field is derived from the run, never from the clock,
// so the same submission gives the same bytes whatever `--jobs` is.

export type Visibility = 'visible' | 'hidden' | 'after_due_date' | 'after_published';

export interface GradedTest {
  name: string;
  /** The suite file it comes from (relative to the assignment). */
  suite: string;
  part: string;
  maxScore: number;
  score: number;
  status: 'passed' | 'failed';
  visibility: Visibility;
  /** What the student is told: why it failed, and what the program printed. */
  output: string;
}

export interface PartScore {
  name: string;
  title: string;
  score: number;
  maxScore: number;
}

export interface SubmissionGrade {
  student: string;
  assignment: string;
  score: number;
  maxScore: number;
  parts: PartScore[];
  tests: GradedTest[];
  /** About the hand-in files: missing, not UTF-8, stray, links outside. */
  notes: string[];
  /** Why a suite did not build, for each suite that did not (the compiler's messages). */
  buildFailures: { suite: string; message: string }[];
  /** Set when the grader itself could not finish (wall-clock limit, a crash of the grader). */
  graderError?: string;
}

/** Points as people write them: 2, 2.5, 0.25 (never 2.5000000001). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 1000) / 1000);
}

export function sumParts(grade: Pick<SubmissionGrade, 'tests'>, parts: { name: string; title: string }[]): PartScore[] {
  return parts.map((part) => {
    const tests = grade.tests.filter((t) => t.part === part.name);
    return {
      name: part.name,
      title: part.title,
      score: round(tests.reduce((s, t) => s + t.score, 0)),
      maxScore: round(tests.reduce((s, t) => s + t.maxScore, 0)),
    };
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The top-of-page text every view of a grade starts with: notes and build failures. */
function summary(grade: SubmissionGrade): string[] {
  const lines: string[] = [];
  if (grade.graderError) lines.push(`The grader could not finish: ${grade.graderError}. Every test scores 0.`);
  for (const note of grade.notes) lines.push(`note: ${note}`);
  const seen = new Set<string>();
  for (const failure of grade.buildFailures) {
    if (seen.has(failure.message)) {
      lines.push(`${failure.suite} did not build either, for the same reason.`);
      continue;
    }
    seen.add(failure.message);
    lines.push(`${failure.suite} did not build, so each of its tests scores 0:`, ...failure.message.trimEnd().split('\n').map((l) => `  ${l}`));
  }
  return lines;
}

/** Gradescope's results.json (gradescope-autograders.readthedocs.io, "specs"). */
export function gradescopeResults(grade: SubmissionGrade): object {
  const heading = `${grade.assignment}: ${formatPoints(grade.score)} / ${formatPoints(grade.maxScore)} points`;
  const parts = grade.parts.map((p) => `  ${p.title}: ${formatPoints(p.score)} / ${formatPoints(p.maxScore)}`);
  return {
    score: grade.score,
    output: [heading, ...parts, ...summary(grade)].join('\n') + '\n',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests: grade.tests.map((t) => ({
      name: t.name,
      score: t.score,
      max_score: t.maxScore,
      status: t.status,
      output: t.output,
      visibility: t.visibility,
      tags: [t.part],
    })),
    extra_data: { penglaic: { assignment: grade.assignment, parts: grade.parts.map((p) => ({ name: p.name, score: p.score, max_score: p.maxScore })) } },
  };
}

/** The teacher's plain-text report: every test, hidden ones included, with its output. */
export function textReport(grade: SubmissionGrade): string {
  const lines = [`assignment: ${grade.assignment}`, `student: ${grade.student}`, `score: ${formatPoints(grade.score)} / ${formatPoints(grade.maxScore)}`];
  const top = summary(grade);
  if (top.length > 0) lines.push('', ...top);
  for (const part of grade.parts) {
    lines.push('', `${part.title} (${part.name}): ${formatPoints(part.score)} / ${formatPoints(part.maxScore)}`);
    for (const test of grade.tests.filter((t) => t.part === part.name)) {
      const mark = test.status === 'passed' ? 'PASS' : 'FAIL';
      const hidden = test.visibility === 'visible' ? '' : ` [${test.visibility}]`;
      lines.push(`  ${mark} ${formatPoints(test.score)}/${formatPoints(test.maxScore)}  ${test.name}${hidden}  (${test.suite})`);
      if (test.status === 'failed' && test.output !== '') lines.push(...test.output.trimEnd().split('\n').map((l) => `       ${l}`));
    }
  }
  return lines.join('\n') + '\n';
}

/** One CSV field (RFC 4180), with a leading quote on text a spreadsheet would run as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradesCsv(grades: readonly SubmissionGrade[], parts: readonly { name: string }[]): string {
  const rows = [['student', 'total', ...parts.map((p) => p.name)].map(csvField).join(',')];
  for (const grade of grades) {
    const byPart = new Map(grade.parts.map((p) => [p.name, p.score]));
    rows.push([csvField(grade.student), formatPoints(grade.score), ...parts.map((p) => formatPoints(byPart.get(p.name) ?? 0))].join(','));
  }
  return rows.join('\n') + '\n';
}
