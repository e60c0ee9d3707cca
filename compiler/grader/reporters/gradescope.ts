// Gradescope's autograder results.json (gradescope-autograders.readthedocs.io, "specs"):
// the total score, feedback shown to students in `output`, and one entry per test with its
// score, maximum, visibility and passed/failed status. schema/gradescope-results.schema.json
// is the subset written here.
import type { TestReport } from '../report.js';
import { feedbackText, pointsText } from './failure-text.js';

export interface GradescopeResults {
  score: number;
  output: string;
  tests: {
    name: string;
    score: number;
    max_score: number;
    output: string;
    visibility: 'visible' | 'hidden' | 'after_due_date';
    status: 'passed' | 'failed';
    tags?: string[];
  }[];
}

export function gradescopeReport(report: TestReport): GradescopeResults {
  const total = `score: ${pointsText(report.score.earned, report.score.possible)}`;
  const output = report.outcome === 'not-built' ? `The program did not build, so no test ran.\n\n${report.buildOutput.trimEnd()}\n\n${total}\n` : `${total}\n`;
  return {
    score: report.score.earned,
    output,
    tests: report.tests.map((test) => ({
      name: test.part ? `${test.part}: ${test.name}` : test.name,
      score: test.points.earned,
      max_score: test.points.possible,
      output: feedbackText(test),
      visibility: test.visibility,
      status: test.status === 'passed' ? 'passed' : 'failed',
      ...(test.part ? { tags: [test.part] } : {}),
    })),
  };
}
