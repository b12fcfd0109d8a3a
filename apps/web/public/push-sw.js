// Browsers that turned on notifications before Kindred could be installed registered this
// address. The one service worker (Web Push and the offline app shell) is /sw.js; this keeps
// those registrations working, with the same code.
importScripts('/sw.js');
