/**
 * Preloaded (`--import`) into nodes that tests start: the test runner holds the other end of
 * stdin, so when it goes away, even by SIGKILL, stdin ends and the node exits instead of lingering.
 */
process.stdin.on('end', () => process.exit(1));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();
