// The floor under a command's time, for bench/run.js: the GETs it made (its -v lines) fetched again without the
// plugin, over one HTTP/2 connection per server with 100 in flight, bodies kept as bytes; then the time JSON.parse
// alone takes over those bytes. No client reading the same objects can be faster than either.
import http2 from 'node:http2';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The servers and credentials of the playground's kubeconfig (one CA and one token for all its clusters). */
function credentials(kubeconfig) {
  const doc = yaml.load(readFileSync(kubeconfig, 'utf8'));
  const cluster = doc.clusters[0].cluster;
  return {
    ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
    token: doc.users[0].user.token,
  };
}

async function fetchAll(urls, { ca, token }, inFlight = 100) {
  const sessions = new Map();
  const session = (origin) => {
    if (!sessions.has(origin)) sessions.set(origin, http2.connect(origin, { ca }));
    return sessions.get(origin);
  };
  const bodies = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      const url = new URL(urls[i]);
      bodies[i] = await new Promise((resolve, reject) => {
        const stream = session(url.origin).request({
          ':path': url.pathname + url.search,
          accept: 'application/json',
          authorization: `Bearer ${token}`,
        });
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      });
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const fetchMs = performance.now() - t0;
  for (const s of sessions.values()) s.close();
  return { bodies, fetchMs };
}

/** `lines`: the command's -v request lines (`GET <url> <status> <ms>`). */
export async function floor(kubeconfig, lines) {
  const urls = lines
    .map((l) => /^GET (\S+) 200 /.exec(l)?.[1])
    .filter((u) => u !== undefined && !u.includes('/exec'));
  const { bodies, fetchMs } = await fetchAll(urls, credentials(kubeconfig));
  const parses = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (const b of bodies) JSON.parse(b.toString('utf8'));
    parses.push(performance.now() - t0);
  }
  return {
    requests: urls.length,
    bytes: bodies.reduce((n, b) => n + b.length, 0),
    fetchMs,
    parseMs: median(parses),
  };
}
