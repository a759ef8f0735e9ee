'use strict';
// Release v2 of the lab web service: the bad deploy. It reads a config key
// that v2 introduced and nobody set, and crashes during start-up, before it
// listens, the way a missing setting or a failed migration does.
const release = process.env.RELEASE || 'v2';
console.log(`${new Date().toISOString()} lab-web ${release}: starting`);
console.log(`${new Date().toISOString()} lab-web ${release}: loading config`);

function loadConfig() {
  const url = process.env.SESSION_STORE_URL;
  if (!url) throw new Error('config key SESSION_STORE_URL is missing (required since v2)');
  return { sessionStore: new URL(url) };
}

loadConfig();
