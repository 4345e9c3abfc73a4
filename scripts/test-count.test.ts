import { describe, expect, it } from 'vitest';
import { countReport } from './test-count.mjs';

describe('summary line counting', () => {
  it('counts one failing test once, though its file and describe block fail too', () => {
    const report = {
      numPassedTests: 4,
      numFailedTests: 1,
      numFailedTestSuites: 2,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [
        { status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'failed' }] },
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
      ],
    };
    expect(countReport(report)).toEqual({ passed: 4, failed: 1, skipped: 0 });
  });

  it('counts a file that failed before any test ran as one failure', () => {
    const report = { numPassedTests: 2, numFailedTests: 0, numFailedTestSuites: 1, testResults: [{ status: 'failed', assertionResults: [] }] };
    expect(countReport(report)).toEqual({ passed: 2, failed: 1, skipped: 0 });
  });

  it('reports skipped and todo tests', () => {
    expect(countReport({ numPassedTests: 1, numFailedTests: 0, numPendingTests: 2, numTodoTests: 1, testResults: [] })).toEqual({ passed: 1, failed: 0, skipped: 3 });
  });
});
