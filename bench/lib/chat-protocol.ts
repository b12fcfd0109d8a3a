/** Messages between bench/chat.ts and its load-generator processes (bench/chat-worker.ts). */

/** One conversation a worker drives: its id and the access tokens of its two members. */
export interface ConversationSlot {
  id: string;
  tokens: [string | undefined, string | undefined];
}

export type Command =
  | { type: 'setup'; url: string; slots: ConversationSlot[]; join: boolean; concurrency: number }
  | { type: 'closed'; warmupMs: number; measureMs: number; drainMs: number }
  | { type: 'open'; rate: number; warmupMs: number; measureMs: number; drainMs: number }
  | { type: 'idle'; url: string; tokens: (string | undefined)[]; concurrency: number }
  | { type: 'close' };

export interface SetupResult {
  sockets: number;
  failed: number;
  first_error: string | null;
  seconds: number;
}

/** What one worker saw in one load phase. Latencies are raw samples, merged by the parent. */
export interface PhaseResult {
  sent: number;
  sent_in_window: number;
  acked_ok: number;
  acked_ok_in_window: number;
  delivered_in_window: number;
  ack_errors: Record<string, number>;
  ack_timeouts: number;
  /** Sent but never seen by the other member before the drain ended. */
  undelivered: number;
  duplicate_deliveries: number;
  /** Send → successful ack, for messages sent inside the measured window. */
  ack_ms: number[];
  /** Send → `new_message` at the other member, for messages sent inside the window. */
  deliver_ms: number[];
  window_seconds: number;
  /** CPU this worker used during the measured window. */
  cpu_seconds: number;
}

export type Reply =
  | { type: 'setup'; result: SetupResult }
  | { type: 'phase'; result: PhaseResult }
  | { type: 'closed' }
  | { type: 'error'; message: string };
