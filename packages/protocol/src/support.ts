// Support conversations with the team (DESIGN §4 `support` kind).
export {};
