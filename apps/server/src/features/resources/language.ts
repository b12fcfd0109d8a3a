import { type ResourceLanguage, resourceLanguageNames } from '@kindred/protocol';

/** PostgreSQL's text-search configuration (stemmer and stop words) for each language we know. */
const searchConfigs: Record<ResourceLanguage, string> = {
  en: 'english',
  es: 'spanish',
  fr: 'french',
  de: 'german',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
  sv: 'swedish',
  da: 'danish',
  no: 'norwegian',
  fi: 'finnish',
  ru: 'russian',
  tr: 'turkish',
};

/** The configuration a resource in this language is indexed and searched with. */
export function searchConfigOf(language: string): string {
  return searchConfigs[language as ResourceLanguage] ?? 'simple';
}

/** Every configuration in use: the known ones and 'simple' (any other language). */
export const allSearchConfigs = [...new Set([...Object.values(searchConfigs), 'simple'])];

/** The language names people write in their profile ("English", "Español"), as codes. */
const namesToCodes = new Map<string, string>([
  ...Object.entries(resourceLanguageNames).map(
    ([code, name]) => [name.toLowerCase(), code] as const,
  ),
  ['english', 'en'],
  ['spanish', 'es'],
  ['french', 'fr'],
  ['german', 'de'],
  ['italian', 'it'],
  ['portuguese', 'pt'],
  ['dutch', 'nl'],
  ['swedish', 'sv'],
  ['danish', 'da'],
  ['norwegian', 'no'],
  ['finnish', 'fi'],
  ['russian', 'ru'],
  ['turkish', 'tr'],
]);

/** A profile's language ("English", "es", "Español") as a language code, when we can tell. */
export function languageCodeOf(name: string): string | undefined {
  const key = name.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(key)) return key;
  return namesToCodes.get(key);
}
