/** Messages between bench/chat.ts and its load-generator processes (bench/chat-worker.ts). */

/**
 * One conversation a worker drives: its id, the access tokens of its two members and the node
 * each member connects to (two nodes: the members may be on different ones).
 */
export interface ConversationSlot {
  id: string;
  tokens: [string | undefined, string | undefined];
  urls: [string, string];
}

export type Command =
  | { type: 'setup'; slots: ConversationSlot[]; join: boolean; concurrency: number }
  | { type: 'closed'; warmupMs: number; measureMs: number; drainMs: number }
  | {
      type: 'open';
      rate: number;
      warmupMs: number;
      measureMs: number;
      drainMs: number;
      /** After the measured window, offer this rate for this long (recovery from an overload). */
      after?: { rate: number; ms: number };
    }
  | {
      type: 'idle';
      url: string;
      tokens: (string | undefined)[];
      concurrency: number;
      /**
       * Loopback source addresses to spread the sockets over: one source address has ~28,000
       * ephemeral ports towards one server port, fewer than the idle sockets.
       */
      localAddresses: string[];
    }
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
  /** Acked after the drain gave up on the phase (sends still unanswered then). */
  acked_ok_after_phase: number;
  delivered_in_window: number;
  ack_errors: Record<string, number>;
  ack_timeouts: number;
  /** Every emit of send_message, retries after a refusal included. */
  attempts: number;
  /** SERVER_BUSY answers; each refused send went again after `retry_after_ms` (plus jitter). */
  refusals: number;
  refusals_in_window: number;
  /** Sent but never seen by the other member before the drain ended. */
  undelivered: number;
  duplicate_deliveries: number;
  /** Send → successful ack, for messages sent inside the measured window. */
  ack_ms: number[];
  /** Send → `new_message` at the other member, for messages sent inside the window. */
  deliver_ms: number[];
  /** With `after`: send → deliver of what was sent in each second after the window ended. */
  after_deliver_ms?: number[][];
  window_seconds: number;
  /** CPU this worker used during the measured window. */
  cpu_seconds: number;
}

export type Reply =
  | { type: 'setup'; result: SetupResult }
  | { type: 'phase'; result: PhaseResult }
  | { type: 'closed' }
  | { type: 'error'; message: string };
