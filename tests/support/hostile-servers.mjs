// Local HTTP servers that misbehave the way a wrong or hostile endpoint could, for the tests
// of the SDK's fetch transport (tests/js/sdk-transport-safety.test.mjs and its browser
// twin). All listen on 127.0.0.1, answer CORS preflights (so a browser would really send the
// request on), bound every loop, and close with `close()`.
import { createServer } from 'node:http';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent, cache-control',
  'access-control-allow-methods': 'POST, OPTIONS',
};

async function listen(handler) {
  const sockets = new Set();
  const server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(resolve);
      }),
  };
}

function preflight(req, res) {
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, CORS).end();
  return true;
}

/** Records every request it receives (`requests`: method, url, body) and answers `{}`. */
export async function startRecordingServer() {
  const requests = [];
  const server = await listen((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
      if (!preflight(req, res)) res.writeHead(200, { ...CORS, 'content-type': 'application/x-amz-json-1.1' }).end('{}');
    });
  });
  return { ...server, requests };
}

/** Answers every POST with `status` (a redirect) and `Location: location`. */
export async function startRedirectingServer(status, location) {
  let posts = 0;
  const server = await listen((req, res) => {
    req.resume();
    if (preflight(req, res)) return;
    posts += 1;
    res.writeHead(status, { ...CORS, location, 'content-type': 'text/plain' }).end('moved');
  });
  return { ...server, posts: () => posts };
}

/**
 * Answers every POST with status 200 and an endless body: `chunkBytes` at a time, waiting for
 * the socket to drain, until the client goes away or `maxBytes` are written. With
 * `announce`, a `Content-Length` of `maxBytes` is sent first and then only one chunk, after
 * which the server holds the response open (a client that trusts the length waits forever).
 * `written()` tells how many body bytes went out, `finished()` whether all of `maxBytes` did.
 */
export async function startFloodingServer({ maxBytes = 64 * 1024 * 1024, chunkBytes = 64 * 1024, announce = false } = {}) {
  let written = 0;
  let finished = false;
  const server = await listen((req, res) => {
    req.resume();
    if (preflight(req, res)) return;
    const headers = { ...CORS, 'content-type': 'application/x-amz-json-1.1' };
    if (announce) headers['content-length'] = String(maxBytes);
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(chunkBytes, 0x20);
    chunk[0] = 0x7b; // '{': the start of what could be JSON
    let gone = false;
    res.on('close', () => {
      gone = true;
    });
    const pump = () => {
      while (!gone && written < maxBytes) {
        written += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
        if (announce) return undefined; // one chunk, then hold
      }
      if (!gone && written >= maxBytes) {
        finished = true;
        res.end();
      }
      return undefined;
    };
    pump();
  });
  return { ...server, written: () => written, finished: () => finished };
}
