import { create } from 'zustand';

export type ToastTone = 'success' | 'error' | 'info';

export interface ToastMessage {
  id: number;
  message: string;
  tone: ToastTone;
}

interface ToastState {
  toasts: ToastMessage[];
  show(message: string, tone?: ToastTone): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short-lived notices ("Profile saved") shown by <Toaster>. */
export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (message, tone = 'success') =>
    // One at a time: the newest replaces the last, so there is never a pile to read through.
    set({ toasts: [{ id: nextId++, message, tone }] }),
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

/** Shows a toast from anywhere, including outside React. */
export const showToast = (message: string, tone?: ToastTone) =>
  useToastStore.getState().show(message, tone);
