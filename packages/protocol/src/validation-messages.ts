import { z } from 'zod';

// Plain messages for the common cases, shared by server and web so both say the same thing.
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'This field is required';
    if (issue.code === 'invalid_type') return `Expected ${issue.expected}`;
    return undefined;
  },
});
