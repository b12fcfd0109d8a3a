import { create } from 'zustand';

interface UnsavedChangesState {
  /** True while a form on the current page has edits that are not saved. */
  dirty: boolean;
  setDirty(dirty: boolean): void;
}

/** Lets actions outside a form (Sign out in the header) know that leaving would lose edits. */
export const useUnsavedChangesStore = create<UnsavedChangesState>()((set) => ({
  dirty: false,
  setDirty: (dirty) => set({ dirty }),
}));
