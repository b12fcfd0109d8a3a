/** The topics offered as filters: the listening topics, and what the starter resources cover. */
export const libraryTopics = [
  'anxiety',
  'stress',
  'panic',
  'sleep',
  'loneliness',
  'relationships',
  'grief',
  'supporting others',
] as const;

/** Languages offered as filters and in the editor (the search knows each one's grammar). */
export const libraryLanguages = ['en', 'es', 'fr', 'de', 'pt', 'it'] as const;
