// The floor under a command's time, for bench/run.js: the bytes of the GETs it made (its -v lines, fetched again
// with the plugin's transport) and the time JSON.parse alone takes over them; and the round trips that many requests
// need at the latency and with the requests in flight the command allows. No client reading the same objects through
// the same API can take less than either.
// They are fetched one at a time: only the bytes are needed here.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import yaml from 'js-yaml';
import { Transport } from '../dist/kube/transport.js';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../dist/defaults.js';

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

/** The bodies of the GETs, one at a time (see the note above on fetching them in parallel). */
async function fetchAll(urls, { ca, token }) {
  const transport = new Transport(`floor|${ca}`, { ca }, 1);
  const bodies = [];
  for (const u of urls) {
    const reply = await transport.send({
      method: 'GET',
      url: new URL(u),
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      timeoutMs: 120_000,
      timedOut: () => new Error(`${u} timed out`),
    });
    bodies.push(reply.text);
  }
  return bodies;
}

/** `lines`: the command's -v request lines (`GET <url> <status> <ms>`). */
export async function floor(kubeconfig, lines, inFlight = DEFAULT_MAX_CONCURRENT_REQUESTS, latencyMs = 20) {
  const urls = lines.map((l) => /^GET (\S+) 200 /.exec(l)?.[1]).filter((u) => u !== undefined);
  const bodies = await fetchAll(urls, credentials(kubeconfig));
  const parses = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (const b of bodies) JSON.parse(b);
    parses.push(performance.now() - t0);
  }
  return {
    requests: urls.length,
    bytes: bodies.reduce((n, b) => n + Buffer.byteLength(b), 0),
    inFlight,
    roundTripsMs: Math.ceil(urls.length / inFlight) * latencyMs,
    parseMs: median(parses),
  };
}
