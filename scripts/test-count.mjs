// Counts a vitest JSON report for the summary line: each test once. A failing test fails its
// file and its describe blocks too, and vitest's numFailedTestSuites counts those, so adding
// it would count one failure several times. A file that failed without any failing test
// (an import error, a failing hook) counts as one failure, so it is never lost either.
export function countReport(report) {
  const files = report.testResults ?? [];
  const brokenFiles = files.filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}
