'use strict';
// Security lab: the token admin API and the lab's health check.
//   GET  /admin/tokens/<id>          → {"id", "owner", "revoked": true|false, "replacedBy"}
//   POST /admin/tokens/<id>/revoke   → revokes it (never undone)
//   POST /admin/tokens/<id>/reissue  → issues a replacement to the same owner
//   GET  /healthz                    → 200 only when no token used from an unexpected address is still active
//                                      and every key in authorized_keys is on the known list
// Any bearer token is accepted (it is a lab). State lives in app/tokens.json.
// Usage: node token-api.cjs <lab dir> <port>
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { watchParent, log } = require('./lab-watchdog.cjs');

const [labDir, portText] = process.argv.slice(2);
const port = Number(portText);
const tokensFile = path.join(labDir, 'app', 'tokens.json');
const authorizedKeysFile = path.join(labDir, 'home', 'deploy', '.ssh', 'authorized_keys');
const knownKeysFile = path.join(labDir, 'known-keys.txt');
const accessLogFile = path.join(labDir, 'logs', 'access.log');

function readTokens() {
  return JSON.parse(fs.readFileSync(tokensFile, 'utf8'));
}

function writeTokens(tokens) {
  fs.writeFileSync(`${tokensFile}.next`, `${JSON.stringify(tokens, null, 2)}\n`);
  fs.renameSync(`${tokensFile}.next`, tokensFile);
}

function readLines(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/** SHA256 fingerprints of the keys in an authorized_keys file (options before the key type are allowed). */
function keyFingerprints(file) {
  const found = [];
  for (const line of readLines(file)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    const typeIndex = fields.findIndex((field) => /^(ssh-|ecdsa-|sk-)/.test(field));
    const blob = typeIndex >= 0 ? fields[typeIndex + 1] : undefined;
    if (!blob) {
      found.push({ fingerprint: '(unparseable line)', comment: trimmed.slice(0, 40) });
      continue;
    }
    const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '');
    found.push({ fingerprint: `SHA256:${digest}`, comment: fields.slice(typeIndex + 2).join(' ') });
  }
  return found;
}

/** Tokens the access log shows in use from an address their owner never uses. */
function misusedTokens(tokens) {
  const misused = new Map();
  for (const line of readLines(accessLogFile)) {
    const address = line.split(' ', 1)[0];
    for (const [id, token] of Object.entries(tokens)) {
      if (line.includes(`token_id=${id}`) && !token.allowedFrom.includes(address)) misused.set(id, address);
    }
  }
  return misused;
}

function problems() {
  const found = [];
  const tokens = readTokens();
  for (const [id, address] of misusedTokens(tokens)) {
    if (!tokens[id].revoked) found.push(`token ${id} was used from ${address} and is still active`);
  }
  const known = new Set(readLines(knownKeysFile).map((line) => line.trim()).filter(Boolean));
  for (const key of keyFingerprints(authorizedKeysFile)) {
    if (!known.has(key.fingerprint)) found.push(`unknown SSH key in authorized_keys: ${key.fingerprint} ${key.comment}`);
  }
  return found;
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(typeof body === 'string' ? `${body}\n` : `${JSON.stringify(body)}\n`);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/healthz') {
    const found = problems();
    send(res, found.length === 0 ? 200 : 503, found.length === 0 ? 'ok: no misused token is active, only known SSH keys' : found.join('; '));
    return;
  }
  const match = /^\/admin\/tokens\/([A-Za-z0-9_-]+)(?:\/(revoke|reissue))?$/.exec(url.pathname);
  if (!match) return send(res, 404, { error: 'not found' });
  const [, id, action] = match;
  const tokens = readTokens();
  const token = tokens[id];
  if (!token) return send(res, 404, { error: `no token ${id}` });
  if (!action && req.method === 'GET') return send(res, 200, { id, owner: token.owner, revoked: token.revoked, replacedBy: token.replacedBy });
  if (action && req.method === 'POST') {
    if (action === 'revoke') {
      token.revoked = true;
      token.revokedAt = new Date().toISOString();
      log('token-api', `revoked ${id}`);
    } else {
      const replacement = `${id}-r${randomBytes(3).toString('hex')}`;
      tokens[replacement] = { owner: token.owner, allowedFrom: token.allowedFrom, revoked: false, replacedBy: null };
      token.replacedBy = replacement;
      log('token-api', `reissued ${id} as ${replacement}`);
    }
    writeTokens(tokens);
    return send(res, 200, { id, owner: token.owner, revoked: token.revoked, replacedBy: token.replacedBy });
  }
  return send(res, 405, { error: `${req.method} not allowed here` });
});

server.on('error', (error) => {
  log('token-api', `cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => log('token-api', `listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
watchParent((reason) => {
  log('token-api', `exiting: ${reason}`);
  process.exit(0);
});
