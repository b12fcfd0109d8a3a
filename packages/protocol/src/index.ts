import './messages';
export * from './errors';
export * from './limits';
export * from './auth';
export * from './users';

/** REST prefix for every API route (seed 000). */
export const apiPrefix = '/api/v1';
export * from './chat';
export * from './listening';
export * from './admin';
export * from './support';
export * from './listeners';
export * from './direct';
export * from './attachments';
