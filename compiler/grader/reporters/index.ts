// Every format `penglaic test --reporter` writes, each rendered from the one TestReport.
import type { TestReport } from '../report.js';
import { gradescopeReport } from './gradescope.js';
import { junitReport } from './junit.js';
import { tapReport } from './tap.js';
import { textReport } from './text.js';

export const REPORTERS = ['text', 'json', 'junit', 'tap', 'gradescope'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export const isReporterName = (name: string): name is ReporterName => (REPORTERS as readonly string[]).includes(name);

export function renderReport(report: TestReport, reporter: ReporterName): string {
  switch (reporter) {
    case 'text':
      return textReport(report);
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'junit':
      return junitReport(report);
    case 'tap':
      return tapReport(report);
    case 'gradescope':
      return JSON.stringify(gradescopeReport(report), null, 2) + '\n';
  }
}
