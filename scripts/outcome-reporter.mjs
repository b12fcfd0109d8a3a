// A Vitest reporter for `npm test` (scripts/test.mjs): writes the tests that failed, and those that
// passed only when run again, with their project, to the JSON file named by
// KINDRED_OUTCOME_FILE, so both runs' outcomes can be listed together at the end of the output.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/** A test's or a file's place, as the summary names it. */
const placeOf = (task) => ({
  project: task.project.name,
  file: relative(process.cwd(), (task.module ?? task).moduleId),
});
const messages = (errors) => errors.map((e) => e.stack || e.message);

export default class OutcomeReporter {
  failed = [];
  retried = [];
  moduleErrors = [];

  onTestCaseResult(testCase) {
    const result = testCase.result();
    if (result.state === 'failed') {
      this.failed.push({
        ...placeOf(testCase),
        name: testCase.fullName,
        errors: messages(result.errors ?? []),
      });
      return;
    }
    const diagnostic = testCase.diagnostic();
    if (diagnostic?.flaky) {
      this.retried.push({
        ...placeOf(testCase),
        name: testCase.fullName,
        retries: diagnostic.retryCount,
        // What went wrong on the tries that failed (a browser step's says where its pages were).
        errors: messages(result.errors ?? []),
      });
    }
  }

  onTestModuleEnd(testModule) {
    const errors = testModule.errors();
    if (errors.length > 0) {
      this.moduleErrors.push({ ...placeOf(testModule), errors: messages(errors) });
    }
  }

  onTestRunEnd() {
    const file = process.env.KINDRED_OUTCOME_FILE;
    if (!file) return;
    const { failed, retried, moduleErrors } = this;
    writeFileSync(file, JSON.stringify({ failed, retried, moduleErrors }));
  }
}
