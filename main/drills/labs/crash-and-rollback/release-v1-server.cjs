'use strict';
// Release v1 of the lab web service: a healthy HTTP server on 127.0.0.1.
// Run by the crash lab's supervisor, which passes PORT and RELEASE.
const http = require('node:http');

const port = Number(process.env.PORT);
const release = process.env.RELEASE || 'v1';
const parentPid = process.ppid;
// The supervisor is the parent; a reparented service is an orphan and must end.
setInterval(() => {
  if (process.ppid !== parentPid) process.exit(0);
}, 250).unref();

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`ok ${release}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<h1>lab-web ${release}</h1>\n`);
});
server.on('error', (error) => {
  console.error(`${new Date().toISOString()} lab-web ${release}: cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`${new Date().toISOString()} lab-web ${release}: listening on 127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  console.log(`${new Date().toISOString()} lab-web ${release}: SIGTERM, shutting down`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
