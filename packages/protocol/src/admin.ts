// Admin API (seed 000 admin endpoints), moderation queue, listener approval.
export {};
