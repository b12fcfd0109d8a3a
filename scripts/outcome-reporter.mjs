// A Vitest reporter for `npm test` (scripts/test.mjs): writes the tests that failed, and those that
// passed only when run again, with their project, to the JSON file named by
// KINDRED_OUTCOME_FILE, so both runs' outcomes can be listed together at the end of the output.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class OutcomeReporter {
  failed = [];
  retried = [];
  moduleErrors = [];

  onTestCaseResult(testCase) {
    const where = {
      project: testCase.project.name,
      file: relative(process.cwd(), testCase.module.moduleId),
      name: testCase.fullName,
    };
    const errors = (testCase.result().errors ?? []).map((e) => e.stack || e.message);
    if (testCase.result().state === 'failed') this.failed.push({ ...where, errors });
    else if (testCase.diagnostic()?.flaky) {
      this.retried.push({ ...where, retries: testCase.diagnostic().retryCount });
    }
  }

  onTestModuleEnd(testModule) {
    const errors = testModule.errors();
    if (errors.length === 0) return;
    this.moduleErrors.push({
      project: testModule.project.name,
      file: relative(process.cwd(), testModule.moduleId),
      errors: errors.map((e) => e.stack || e.message),
    });
  }

  onTestRunEnd() {
    const file = process.env.KINDRED_OUTCOME_FILE;
    if (!file) return;
    const { failed, retried, moduleErrors } = this;
    writeFileSync(file, JSON.stringify({ failed, retried, moduleErrors }));
  }
}
