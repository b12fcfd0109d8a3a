// Support conversations with the team (DESIGN §4 `support` kind): open → waiting_user → resolved.
import { z } from 'zod';
import { crisisSupportSchema, messageContentSchema } from './conversations';
import { emailSchema } from './identity';
import { uuidParams } from './schema-builders';

export const supportStatuses = ['open', 'waiting_user', 'resolved'] as const;
export const supportStatusSchema = z.enum(supportStatuses);
export type SupportStatus = z.infer<typeof supportStatusSchema>;

/** How the team appears to the person asking for help: never an admin's own pseudonym. */
export const SUPPORT_DISPLAY_NAME = 'Kindred Support';
/**
 * The one identity every staff member answers support tickets under, in every message and event
 * a member sees (sender, typing, reads, joins, reactions). It is no account: GET /users/:id on it
 * finds nobody, so no reply leads to the admin who wrote it.
 */
export const SUPPORT_TEAM_ID = '00000000-0000-4000-8000-00000000ca7e';
export const supportSubjectMax = 120;

// ── POST /support, GET /support ────────────────────────────────────────────────────────────────

export const createSupportTicketBodySchema = z.strictObject({
  subject: z
    .string('A subject is required')
    .trim()
    .min(1, 'A subject is required')
    .max(supportSubjectMax, `Keep the subject to ${supportSubjectMax} characters or fewer`),
  content: messageContentSchema,
  client_msg_id: z.uuid('client_msg_id must be a UUID').optional(),
});
export type CreateSupportTicketBody = z.input<typeof createSupportTicketBodySchema>;

/** What the owner and the team both see of a ticket. The conversation id opens it in the chat view. */
const ticketFields = {
  id: z.uuid(),
  session_id: z.uuid(),
  subject: z.string(),
  status: supportStatusSchema,
};

/** A ticket as its owner sees it. */
export const supportTicketSchema = z.object({
  ...ticketFields,
  created_at: z.iso.datetime(),
  last_message_at: z.iso.datetime().nullable(),
  /** Messages in it the owner has not read yet. */
  unread_count: z.number().int(),
});
export type SupportTicket = z.infer<typeof supportTicketSchema>;

export const supportTicketsResponseSchema = z.object({ tickets: z.array(supportTicketSchema) });
export type SupportTicketsResponse = z.infer<typeof supportTicketsResponseSchema>;
/** `crisis_support` when the first message suggests the person may be in danger. */
export const createSupportTicketResponseSchema = z.object({
  ticket: supportTicketSchema,
  crisis_support: crisisSupportSchema.optional(),
});
export type CreateSupportTicketResponse = z.infer<typeof createSupportTicketResponseSchema>;

// ── /admin/support ─────────────────────────────────────────────────────────────────────────────

export const adminSupportQuerySchema = z.strictObject({
  status: supportStatusSchema.default('open'),
});
export type AdminSupportQuery = z.input<typeof adminSupportQuerySchema>;

export const adminSupportTicketSchema = z.object({
  ...ticketFields,
  user: z.object({ id: z.uuid(), pseudonym: z.string(), email: z.string() }).nullable(),
  assigned_to: z.object({ id: z.uuid(), pseudonym: z.string() }).nullable(),
  /** True when the calling admin is a member and can read and reply. */
  is_member: z.boolean(),
  created_at: z.iso.datetime(),
  last_message_at: z.iso.datetime().nullable(),
  /** The newest message, shortened; lets the team triage before taking a ticket. */
  last_message_preview: z.string().nullable(),
  message_count: z.number().int(),
});
export type AdminSupportTicket = z.infer<typeof adminSupportTicketSchema>;

export const adminSupportResponseSchema = z.object({ tickets: z.array(adminSupportTicketSchema) });
export type AdminSupportResponse = z.infer<typeof adminSupportResponseSchema>;

export const supportTicketParamsSchema = uuidParams('id');

export const updateSupportTicketBodySchema = z.strictObject({ status: supportStatusSchema });
export type UpdateSupportTicketBody = z.infer<typeof updateSupportTicketBodySchema>;

export const adminSupportTicketResponseSchema = z.object({ ticket: adminSupportTicketSchema });

/** POST /contact: the signed-out contact form (locked out, or banned). */
export const contactBodySchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().max(100, 'Name must be at most 100 characters').optional(),
  subject: z
    .string()
    .trim()
    .min(1, 'Enter a subject')
    .max(200, 'Subject must be at most 200 characters'),
  message: z
    .string()
    .trim()
    .min(1, 'Enter your message')
    .max(5000, 'Message must be at most 5000 characters'),
});
export type ContactBody = z.input<typeof contactBodySchema>;

/** POST /contact answers 202 with the ticket's id. */
export const contactResponseSchema = z.object({ id: z.uuid(), message: z.string() });

// ── /admin/contact-requests ────────────────────────────────────────────────────────────────────

/** A signed-out contact-form message as the team sees it (answered by e-mail, outside Kindred). */
export const contactStatusSchema = z.enum(['open', 'resolved'], 'Status must be open or resolved');
export const contactRequestSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  subject: z.string(),
  message: z.string(),
  status: contactStatusSchema,
  created_at: z.iso.datetime(),
});
export type ContactRequest = z.infer<typeof contactRequestSchema>;

export const adminContactQuerySchema = z.strictObject({
  status: contactStatusSchema.default('open'),
});
export const adminContactResponseSchema = z.object({ requests: z.array(contactRequestSchema) });
export const contactRequestParamsSchema = uuidParams('id', 'Contact request id must be a UUID');
export const updateContactRequestBodySchema = z.strictObject({ status: contactStatusSchema });
export const adminContactRequestResponseSchema = z.object({ request: contactRequestSchema });
