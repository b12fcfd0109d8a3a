import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import { escapeHtml } from '../../lib/html';

/** One e-mail as the delivery worker hands it over; the mailer adds sender, headers, footer. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@host>`: the same for every attempt, so a repeat is recognisably the same mail. */
  messageId: string;
  /**
   * The one-click unsubscribe link (RFC 8058), in the headers and in the body. Absent for mail
   * nobody can turn off (account security).
   */
  unsubscribeUrl?: string;
  /** Files the mail carries (an appointment's calendar file). */
  attachments?: { filename: string; content: string; contentType: string }[];
}

/**
 * Why a mail did not go. `recipient`: the receiving server refused the address for good (5xx to
 * RCPT TO): no more mail to it. `permanent`: refused for good for another reason (5xx): retrying
 * will not help. `temporary`: anything else (4xx, connection trouble): try again later.
 */
export class MailError extends Error {
  constructor(
    readonly kind: 'recipient' | 'permanent' | 'temporary',
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

export interface Mailer {
  /** `log`: no SMTP_URL, mails are written to the log (recipient and subject only). */
  readonly kind: 'smtp' | 'log';
  /** Resolves once the server accepted the mail; throws a MailError otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Each step's limit, well inside a job's expiry, so a stuck server fails the attempt instead. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** The body with the unsubscribe link at the end (mail clients without the header need it). */
export function withFooter(mail: OutgoingMail): { text: string; html: string } {
  if (!mail.unsubscribeUrl) return { text: mail.text, html: mail.html };
  const url = mail.unsubscribeUrl;
  return {
    text: `${mail.text}\n--\nTo stop e-mails like this one, open: ${url}\n`,
    html:
      `${mail.html}<hr><p style="font-size:12px;color:#555">` +
      `<a href="${escapeHtml(url)}">Stop e-mails like this one</a></p>`,
  };
}

/** The headers every mail carries besides From, To, Subject and Message-ID. */
export function unsubscribeHeaders(mail: OutgoingMail): Record<string, string> {
  if (!mail.unsubscribeUrl) return {};
  return {
    'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

interface SmtpFailure {
  code?: string;
  command?: string;
  responseCode?: number;
  message?: string;
}

/** Sorts a nodemailer failure into what the delivery worker does next. */
export function classifySmtpError(error: unknown): MailError {
  const failure = (error ?? {}) as SmtpFailure;
  const code = failure.responseCode;
  const message = (failure.message ?? String(error)).slice(0, 500);
  if (code !== undefined && code >= 500 && code < 600) {
    const recipient = failure.code === 'EENVELOPE' && failure.command === 'RCPT TO';
    return new MailError(recipient ? 'recipient' : 'permanent', message, code);
  }
  return new MailError('temporary', message, code);
}

/** Nodemailer over SMTP_URL, or the log when it is unset (DESIGN §8). */
export function createMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>,
  log: FastifyBaseLogger,
): Mailer {
  if (!config.smtpUrl) {
    return {
      kind: 'log',
      async send(mail) {
        log.info(
          { to: mail.to, subject: mail.subject, messageId: mail.messageId },
          'e-mail not sent (SMTP_URL is not set)',
        );
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS });
  return {
    kind: 'smtp',
    async send(mail) {
      const body = withFooter(mail);
      try {
        await transport.sendMail({
          from: config.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: body.text,
          html: body.html,
          messageId: mail.messageId,
          headers: unsubscribeHeaders(mail),
          attachments: mail.attachments,
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}
