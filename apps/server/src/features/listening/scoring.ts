/** What scoring needs to know about a listener. */
export interface Candidate {
  listenerTopics: string[];
  interests: string[];
  languages: string[];
  listenerRating: number | null;
  listenerTotalChats: number;
}

export interface Wanted {
  topic?: string;
  language?: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The listening contract's score without its random part: base 100, topic +50 (listener topics) or
 * +25 (interests), language +30, rating (r − 3) × 10, experience min(chats / 10, 20).
 */
export function baseScore(listener: Candidate, wanted: Wanted): number {
  let score = 100;
  if (wanted.topic) {
    if (listener.listenerTopics.some((t) => same(t, wanted.topic!))) score += 50;
    else if (listener.interests.some((t) => same(t, wanted.topic!))) score += 25;
  }
  if (wanted.language && listener.languages.some((l) => same(l, wanted.language!))) score += 30;
  if (listener.listenerRating !== null) score += (listener.listenerRating - 3) * 10;
  score += Math.min(listener.listenerTotalChats / 10, 20);
  return score;
}

/** ±10 for variety, from a random number in [0, 1). Tests pass a fixed one. */
export function jitter(random: () => number): number {
  return random() * 20 - 10;
}

/** Rounds to one decimal, as the score is shown. */
export const roundScore = (score: number) => Math.round(score * 10) / 10;
