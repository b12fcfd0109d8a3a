import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  COUNTRIES,
  countryName,
  countryOfLocale,
  helpLineFor,
  helpLineHere,
  telHref,
} from './help-lines';

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

describe('the help line here', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("prefers the profile's country, else the browser's locale", () => {
    vi.stubGlobal('navigator', { language: 'en-GB' });
    expect(helpLineHere().number).toBe('116 123');
    expect(helpLineHere('au').number).toBe('13 11 14');
  });

  it('dials the first number, without spaces', () => {
    expect(telHref('116 123')).toBe('tel:116123');
    expect(telHref('112 / 911')).toBe('tel:112');
  });
});

describe('the countries a profile can choose', () => {
  it('hold every country of the table once, sorted, named in English', () => {
    for (const code of ['US', 'CA', 'GB', 'IE', 'AU', 'DE']) expect(COUNTRIES).toContain(code);
    expect(new Set(COUNTRIES).size).toBe(COUNTRIES.length);
    expect([...COUNTRIES].sort()).toEqual(COUNTRIES);
    expect(countryName('GB')).toBe('United Kingdom');
    expect(countryName('IE')).toBe('Ireland');
  });
});
