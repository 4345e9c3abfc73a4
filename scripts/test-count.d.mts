export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numFailedTestSuites?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  testResults?: { status: string; assertionResults?: { status: string }[] }[];
}
export function countReport(report: VitestJsonReport): { passed: number; failed: number; skipped: number };
