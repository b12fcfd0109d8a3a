import { create } from 'zustand';

/** What is being reported: a person (from the chat header) or one of their messages. */
export interface ReportTarget {
  userId: string;
  pseudonym: string;
  sessionId?: string;
  messageId?: string;
  /** The start of the reported message, to remind the reporter which one. */
  excerpt?: string;
}

interface ReportState {
  target: ReportTarget | null;
  open(target: ReportTarget): void;
  close(): void;
}

/** One report form per page, opened from wherever a Report action is. */
export const useReportStore = create<ReportState>()((set) => ({
  target: null,
  open: (target) => set({ target }),
  close: () => set({ target: null }),
}));

export const openReport = (target: ReportTarget) => useReportStore.getState().open(target);
