import { create } from 'zustand';

interface SuspendedState {
  /** Set when this browser's account was suspended; the sign-in page says so. */
  suspended: boolean;
  set(suspended: boolean): void;
}

/** The suspended-account signal (its own small module: the sign-in page loads it first). */
export const useSuspendedStore = create<SuspendedState>()((set) => ({
  suspended: false,
  set: (suspended) => set({ suspended }),
}));
