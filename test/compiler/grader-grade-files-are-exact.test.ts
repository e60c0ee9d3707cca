// The files a grade becomes: grades.csv (RFC 4180, safe to open in a spreadsheet), results.json
// (Gradescope), report.txt; output is cut at a byte cap without splitting a character; the
// progress bar draws only on a terminal.
import { describe, expect, it } from 'vitest';
import { capOutput } from '../../compiler/grader/grade-submission.js';
import { progressBar } from '../../compiler/grader/progress.js';
import { gradescopeResults, gradesCsv, textReport, type SubmissionGrade } from '../../compiler/grader/submission-grade.js';

const grade = (student: string, score: number): SubmissionGrade => ({
  student,
  assignment: 'lab',
  score,
  maxScore: 3.5,
  parts: [
    { name: 'a', title: 'Part A', score: Math.min(score, 2), maxScore: 2 },
    { name: 'b', title: 'Part B', score: Math.max(0, score - 2), maxScore: 1.5 },
  ],
  tests: [
    { name: 'first', suite: 'tests/public.pen', part: 'a', maxScore: 2, score: Math.min(score, 2), status: score >= 2 ? 'passed' : 'failed', visibility: 'visible', output: score >= 2 ? '' : 'assert_eq failed: left 1, right 2\n' },
    { name: 'second', suite: 'tests/hidden.pen', part: 'b', maxScore: 1.5, score: Math.max(0, score - 2), status: score > 2 ? 'passed' : 'failed', visibility: 'after_published', output: '' },
  ],
  notes: ['`notes.txt` is ignored'],
  buildFailures: [],
});

describe('grade files', () => {
  it('grades.csv quotes what needs quoting and defuses formulas', () => {
    expect(gradesCsv([grade('alice', 3.5), grade('bob, jr', 1), grade('=HYPERLINK("x")', 0.1 + 0.2)], [{ name: 'a' }, { name: 'b' }])).toBe(
      'student,total,a,b\nalice,3.5,2,1.5\n"bob, jr",1,1,0\n"\'=HYPERLINK(""x"")",0.3,0.3,0\n',
    );
  });

  it('results.json is Gradescope\'s shape, with the notes in the top output', () => {
    expect(gradescopeResults(grade('alice', 1))).toEqual({
      score: 1,
      output: 'lab: 1 / 3.5 points\n  Part A: 1 / 2\n  Part B: 0 / 1.5\nnote: `notes.txt` is ignored\n',
      visibility: 'visible',
      stdout_visibility: 'hidden',
      tests: [
        { name: 'first', score: 1, max_score: 2, status: 'failed', output: 'assert_eq failed: left 1, right 2\n', visibility: 'visible', tags: ['a'] },
        { name: 'second', score: 0, max_score: 1.5, status: 'failed', output: '', visibility: 'after_published', tags: ['b'] },
      ],
      extra_data: { penglaic: { assignment: 'lab', parts: [{ name: 'a', score: 1, max_score: 2 }, { name: 'b', score: 0, max_score: 1.5 }] } },
    });
  });

  it('report.txt lists every test under its part', () => {
    expect(textReport(grade('alice', 1))).toBe(
      [
        'assignment: lab',
        'student: alice',
        'score: 1 / 3.5',
        '',
        'note: `notes.txt` is ignored',
        '',
        'Part A (a): 1 / 2',
        '  FAIL 1/2  first  (tests/public.pen)',
        '       assert_eq failed: left 1, right 2',
        '',
        'Part B (b): 0 / 1.5',
        '  FAIL 0/1.5  second [after_published]  (tests/hidden.pen)',
        '',
      ].join('\n'),
    );
  });

  it('output past the cap is cut at a character boundary, and says so', () => {
    expect(capOutput('short', 10)).toBe('short');
    expect(capOutput('ééééé', 5)).toBe('éé\n[output cut: the program printed 10 bytes; only the first 5 are kept]\n');
  });

  it('the progress bar draws only on a terminal, and clears its line at the end', () => {
    const written: string[] = [];
    const quiet = progressBar(3, { isTTY: false, write: (t) => written.push(t) });
    quiet.advance();
    quiet.end();
    expect(written).toEqual([]);
    const bar = progressBar(2, { isTTY: true, columns: 80, write: (t) => written.push(t) });
    bar.advance();
    bar.advance();
    bar.end();
    expect(written[0]).toMatch(/^\r\| \[-{30}\] 0\/2 submissions, 0\.0\/s\x1b\[K$/);
    expect(written[1]).toMatch(/^\r\| \[#{15}-{15}\] 1\/2 submissions, [\d.]+\/s\x1b\[K$/);
    expect(written[2]).toMatch(/^\r\| \[#{30}\] 2\/2 submissions, [\d.]+\/s\x1b\[K$/);
    expect(written[3]).toBe('\r\x1b[K');
  });
});
