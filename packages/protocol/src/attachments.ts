// Attachments and voice notes (seed 003).
export {};
