/** One help line the crisis card names (docs/SAFETY.md holds the same table). */
export interface HelpLine {
  name: string;
  number: string;
}

export const FIND_A_HELPLINE = 'https://findahelpline.com';

const LINES: Readonly<Record<string, HelpLine>> = {
  US: { name: '988 Suicide & Crisis Lifeline (call or text)', number: '988' },
  CA: { name: '988 Suicide Crisis Helpline (call or text)', number: '988' },
  GB: { name: 'Samaritans', number: '116 123' },
  IE: { name: 'Samaritans', number: '116 123' },
  AU: { name: 'Lifeline', number: '13 11 14' },
};
const EU = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

/** The countries a person can choose in their profile (ISO 3166-1 alpha-2). */
export const COUNTRIES = [
  ...Object.keys(LINES),
  ...EU,
  ...'AR BR CH CL CO IL IN IS JP KE KR LI MX NG NO NZ PH SG TR UA ZA'.split(' '),
].sort();

/** A country's name in English ("GB" → "United Kingdom"), or the code when unknown. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The country of a locale tag ("en-GB" → "GB"), or null when it names none. */
export function countryOfLocale(locale: string | undefined): string | null {
  const region = locale?.split(/[-_]/).find((part, i) => i > 0 && /^[A-Za-z]{2}$/.test(part));
  return region ? region.toUpperCase() : null;
}

/** The one help line for a country (from the profile, else the browser locale; never the IP). */
export function helpLineFor(country: string | null): HelpLine {
  if (country && LINES[country]) return LINES[country];
  if (country && EU.has(country)) return { name: 'Emergency services', number: '112' };
  return { name: 'Emergency services', number: '112 / 911' };
}

/** The country to name a help line for: the profile's if it has one, else the browser's locale. */
export function helpLineHere(profileCountry: string | null = null): HelpLine {
  const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
  return helpLineFor(profileCountry?.toUpperCase() ?? countryOfLocale(locale));
}

/** A `tel:` link for a number ("116 123" → "tel:116123"; "112 / 911" → the first). */
export function telHref(number: string): string {
  return `tel:${number.split('/')[0]!.replace(/\s+/g, '')}`;
}
