// One failure in words, as every reporter shows it: the message, then where.
import type { ReportLocation, TestResult } from '../report.js';

export function locationText(location: ReportLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}:${location.column}`;
}

export function failureText(test: TestResult): string {
  if (!test.failure) return '';
  return test.failure.location ? `${test.failure.message} (at ${locationText(test.failure.location)})` : test.failure.message;
}

/** What a test printed, then why it did not pass: the feedback of one test. */
export function feedbackText(test: TestResult): string {
  const parts = [test.output.trimEnd(), failureText(test)].filter((p) => p.length > 0);
  return parts.length ? parts.join('\n') + '\n' : '';
}

export const pointsText = (earned: number, possible: number) => `${earned}/${possible} point${possible === 1 ? '' : 's'}`;
