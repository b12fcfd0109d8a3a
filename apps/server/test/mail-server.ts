/**
 * A real SMTP server on 127.0.0.1 for tests (`smtp-server`), keeping every mail it accepts parsed
 * with `mailparser`. It can refuse an address for good (550) or for now, once (451), the way a
 * receiving server would. No TLS and no sign-in: the app's SMTP_URL is `smtp://127.0.0.1:<port>`.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';

export interface ReceivedMail {
  /** RCPT TO addresses, lower-cased. */
  to: string[];
  from: string;
  messageId: string | undefined;
  subject: string | undefined;
  text: string;
  html: string;
  /** Raw header lines by lower-cased name (unfolded), e.g. `list-unsubscribe`. */
  header(name: string): string | undefined;
  parsed: ParsedMail;
}

export interface MailServer {
  /** The SMTP_URL that reaches this server. */
  url: string;
  /** Every mail accepted so far, in order. */
  messages: ReceivedMail[];
  /** RCPT TO commands seen per address (lower-cased), accepted or not. */
  recipientAttempts(address: string): number;
  /** Answers 550 to RCPT TO for this address from now on. */
  refuse(address: string): void;
  /** Accepts this address again after `refuse`. */
  accept(address: string): void;
  /** Answers `code` (a 4xx) to the next RCPT TO for this address, once. */
  failOnce(address: string, code?: number): void;
  /** Forgets every mail and attempt for this address (after mail a test is not about). */
  forget(address: string): void;
  /** Resolves with the mails matching `match` once there are `count` of them (bounded wait). */
  waitFor(
    match: (mail: ReceivedMail) => boolean,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export async function startMailServer(): Promise<MailServer> {
  const messages: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const refused = new Set<string>();
  const failing = new Map<string, number>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      attempts.set(to, (attempts.get(to) ?? 0) + 1);
      if (refused.has(to)) return callback(smtpError(550, '5.1.1 Mailbox unavailable'));
      const code = failing.get(to);
      if (code !== undefined) {
        failing.delete(to);
        return callback(smtpError(code, '4.2.0 Mailbox busy, try again later'));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers = new Map<string, string>();
          for (const { key, line } of parsed.headerLines) {
            const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
            headers.set(key.toLowerCase(), value.trim());
          }
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            messageId: parsed.messageId,
            subject: parsed.subject,
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            header: (name) => headers.get(name.toLowerCase()),
            parsed,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    recipientAttempts: (address) => attempts.get(address.toLowerCase()) ?? 0,
    forget(address) {
      const lower = address.toLowerCase();
      attempts.delete(lower);
      const kept = messages.filter((m) => !m.to.some((to) => to.toLowerCase() === lower));
      messages.splice(0, messages.length, ...kept);
    },
    refuse: (address) => void refused.add(address.toLowerCase()),
    accept: (address) => void refused.delete(address.toLowerCase()),
    failOnce: (address, code = 451) => void failing.set(address.toLowerCase(), code),
    waitFor(match, options = {}) {
      const count = options.count ?? 1;
      const timeoutMs = options.timeoutMs ?? 15_000;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.filter(match);
          if (found.length < count) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const seen = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('\n  ');
          reject(new Error(`no matching mail within ${timeoutMs} ms; received:\n  ${seen}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The mail server of one test file, as `useMailServer` gives it: usable inside tests and hooks. */
export type MailServerHandle = Readonly<Omit<MailServer, 'close'>>;

/**
 * One mail server for the whole test file (or describe block): started before its first test and
 * closed after its last. Call it before whatever is given its `url` (the app, a cluster).
 */
export function useMailServer(): MailServerHandle {
  let server: MailServer | undefined;
  const current = () => {
    if (!server) throw new Error('useMailServer: the server exists only inside tests and hooks');
    return server;
  };
  beforeAll(async () => {
    server = await startMailServer();
  });
  afterAll(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    get url() {
      return current().url;
    },
    get messages() {
      return current().messages;
    },
    recipientAttempts: (address) => current().recipientAttempts(address),
    refuse: (address) => current().refuse(address),
    accept: (address) => current().accept(address),
    failOnce: (address, code) => current().failOnce(address, code),
    forget: (address) => current().forget(address),
    waitFor: (match, options) => current().waitFor(match, options),
  };
}
