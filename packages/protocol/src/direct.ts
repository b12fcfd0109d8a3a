// Direct messages (seed 004): requests, inbox, send, read, controls.
export {};
