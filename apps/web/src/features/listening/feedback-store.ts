import { create } from 'zustand';
import type { FeedbackOutcome } from './FeedbackModal';

interface FeedbackState {
  /** Sessions whose feedback step is over on this page (sent or skipped): not asked again. */
  done: Record<string, FeedbackOutcome>;
  finish(sessionId: string, outcome: FeedbackOutcome): void;
}

export const useFeedbackStore = create<FeedbackState>()((set) => ({
  done: {},
  finish: (sessionId, outcome) =>
    set((state) => ({ done: { ...state.done, [sessionId]: outcome } })),
}));
