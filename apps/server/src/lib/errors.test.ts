import { errorCatalogue } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { type AppError, errors } from './errors';

type Factory = keyof typeof errors;

/** One call of every factory; a new factory fails the typecheck until it is listed here. */
const calls: Record<Factory, () => AppError> = {
  validation: () => errors.validation([{ path: 'email', message: 'Required' }]),
  invalidJson: () => errors.invalidJson(),
  unsupportedMediaType: () => errors.unsupportedMediaType(),
  payloadTooLarge: () => errors.payloadTooLarge(),
  invalidFileType: () => errors.invalidFileType('The picture must be a JPG, PNG or GIF image'),
  frameworkClientError: () => errors.frameworkClientError(400, 'Bad request'),
  unauthenticated: () => errors.unauthenticated(),
  tokenExpired: () => errors.tokenExpired(),
  invalidToken: () => errors.invalidToken(),
  invalidCredentials: () => errors.invalidCredentials(),
  refreshInvalid: () => errors.refreshInvalid(),
  refreshReused: () => errors.refreshReused(),
  wrongPassword: () => errors.wrongPassword(),
  googleNotConfigured: () => errors.googleNotConfigured(),
  googleTokenInvalid: () => errors.googleTokenInvalid(),
  banned: () => errors.banned(),
  linkInvalid: () => errors.linkInvalid(),
  forbidden: () => errors.forbidden(),
  forbiddenOrigin: () => errors.forbiddenOrigin(),
  notAListener: () => errors.notAListener(),
  notASharer: () => errors.notASharer(),
  listenerUnavailable: () => errors.listenerUnavailable(),
  alreadyInChat: () => errors.alreadyInChat(),
  sessionNotActive: () => errors.sessionNotActive(),
  sessionNotEnded: () => errors.sessionNotEnded(),
  feedbackAlreadySubmitted: () => errors.feedbackAlreadySubmitted(),
  feedbackNotAllowed: () => errors.feedbackNotAllowed(),
  notFound: () => errors.notFound('Session'),
  notAMember: () => errors.notAMember(),
  conversationEnded: () => errors.conversationEnded(),
  messageBlocked: () => errors.messageBlocked('Please keep the conversation on Kindred.'),
  editWindowPassed: () => errors.editWindowPassed(),
  emailTaken: () => errors.emailTaken(),
  weakPassword: () => errors.weakPassword('This is a commonly used password.'),
  pseudonymTaken: () => errors.pseudonymTaken(),
  rateLimited: () => errors.rateLimited(30),
  serverBusy: () => errors.serverBusy(250),
  adminRequired: () => errors.adminRequired(),
  cannotBanSelf: () => errors.cannotBanSelf(),
  listenerNotApproved: () => errors.listenerNotApproved(),
  guidelinesNotAccepted: () => errors.guidelinesNotAccepted(),
  applicationNotPending: () => errors.applicationNotPending(),
  supportTicketClosed: () => errors.supportTicketClosed(),
  pushNotConfigured: () => errors.pushNotConfigured(),
  messageRequestExists: () => errors.messageRequestExists('request-1'),
  directConversationExists: () => errors.directConversationExists('conversation-1'),
  messageRequestNotAllowed: () => errors.messageRequestNotAllowed(),
  requestNotFound: () => errors.requestNotFound(),
  requestNotPending: () => errors.requestNotPending(),
  chatRequestNotPending: () => errors.chatRequestNotPending(),
  notWaiting: () => errors.notWaiting(),
  conversationNotFound: () => errors.conversationNotFound(),
  wellbeingItemClosed: () => errors.wellbeingItemClosed(),
  debriefNotOffered: () => errors.debriefNotOffered(),
  messageNotFound: () => errors.messageNotFound(),
  unauthorizedAction: () => errors.unauthorizedAction(),
  userBlocked: () => errors.userBlocked(),
  contentTooLong: () => errors.contentTooLong(250),
  invalidMessageType: () => errors.invalidMessageType(),
  attachmentsNotAllowed: () => errors.attachmentsNotAllowed(),
  fileEmpty: () => errors.fileEmpty(),
  voiceNoteTooLong: () => errors.voiceNoteTooLong(300),
  storageQuotaExceeded: () => errors.storageQuotaExceeded(200),
  resourceNotFound: () => errors.resourceNotFound(),
  resourceEditorRequired: () => errors.resourceEditorRequired(),
  resourceNotEditable: () => errors.resourceNotEditable(),
  invalidStatusChange: () => errors.invalidStatusChange('draft', 'rejected'),
  resourceFileMissing: () => errors.resourceFileMissing(),
  resourceHasNoFile: () => errors.resourceHasNoFile(),
  rangeNotSatisfiable: () => errors.rangeNotSatisfiable(1000),
  bookingNotAllowed: () => errors.bookingNotAllowed(),
  slotUnavailable: () => errors.slotUnavailable('Book at least 12 hours ahead'),
  slotTaken: () => errors.slotTaken(),
  appointmentConflict: () => errors.appointmentConflict(),
  appointmentClosed: () => errors.appointmentClosed(),
  appointmentNotStarted: () => errors.appointmentNotStarted(),
  internal: () => errors.internal(),
  unavailable: () => errors.unavailable(),
};

/**
 * Factories that answer with another status than their code's, on purpose: a wrong password
 * while confirming an action is 403 (not an expired session); the framework's own client errors
 * keep the framework's status.
 */
const ownStatus: Partial<Record<Factory, number>> = { wrongPassword: 403 };

describe('errors', () => {
  it.each(Object.entries(calls) as [Factory, () => AppError][])(
    '%s answers with its catalogue status',
    (name, call) => {
      const error = call();
      expect(error.status).toBe(ownStatus[name] ?? errorCatalogue[error.code].status);
    },
  );

  it('uses the default message where the message is fixed', () => {
    expect(errors.unauthenticated().toBody()).toEqual({
      success: false,
      error: errorCatalogue.UNAUTHENTICATED.message,
      code: 'UNAUTHENTICATED',
    });
    expect(errors.notAMember('You are not a participant in this session').message).toBe(
      'You are not a participant in this session',
    );
  });

  it('keeps the status of a client error the framework raised', () => {
    expect(errors.frameworkClientError(405, 'Method not allowed').status).toBe(405);
    expect(errors.frameworkClientError(404, 'Route not found').code).toBe('NOT_FOUND');
  });

  it('puts the pending request, or the existing conversation, in the details', () => {
    expect(errors.messageRequestExists().toBody()).not.toHaveProperty('details');
    expect(errors.messageRequestExists('request-1').details).toEqual([
      { path: 'request_id', message: 'request-1' },
    ]);
    expect(errors.directConversationExists('conversation-1').toBody()).toEqual({
      success: false,
      error: 'You already have a conversation with this person; send your message there',
      code: 'MESSAGE_REQUEST_EXISTS',
      details: [{ path: 'conversation_id', message: 'conversation-1' }],
    });
  });
});
