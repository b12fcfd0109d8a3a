import { describe, expect, it } from 'vitest';
import { countryOfLocale, helpLineFor } from './help-lines';

describe('the help line for a country', () => {
  it.each([
    ['en-US', '988'],
    ['en-CA', '988'],
    ['en-GB', '116 123'],
    ['ga-IE', '116 123'],
    ['en-AU', '13 11 14'],
    ['de-DE', '112'],
    ['ja-JP', '112 / 911'],
    ['en', '112 / 911'],
  ])('%s → %s', (locale, number) => {
    expect(helpLineFor(countryOfLocale(locale)).number).toBe(number);
  });
});
