import './validation-messages';
export * from './errors';
export * from './limits';
export * from './identity';
export * from './account';

/** REST prefix for every API route (the listening contract). */
export const apiPrefix = '/api/v1';
export * from './conversations';
export * from './listening';
export * from './safety';
export * from './admin';
export * from './support';
export * from './direct';
export * from './attachments';
export * from './notifications';
export * from './appointments';
export * from './resources';
export * from './wellbeing';
