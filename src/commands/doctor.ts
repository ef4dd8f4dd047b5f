// `doctor [NAME]`: every stage from the feature gate to the consumers' endpoints, each one checked
// even after an earlier failure. Exit 0 when no check fails (warnings do not), 1 otherwise.
import { setMaxListeners } from 'node:events';
import { CliError, UsageError } from '../errors.js';
import { publicCheck } from '../karmada/diagnosis/checks.js';
import { PodTracker, layeredProber } from '../probe/prober.js';
import { runDoctor } from '../doctor/run.js';
import { printDoctor } from '../output/doctor-view.js';
import type { Args, Flags } from '../cli.js';
import type { Session } from '../session.js';

export async function doctor(session: Session, flags: Flags<'doctor'>, [name]: Args<'doctor'>): Promise<number> {
  if (name && flags.allNamespaces)
    throw new UsageError('a MultiClusterService name cannot be combined with --all-namespaces');
  const namespace = flags.allNamespaces ? undefined : await session.namespace();
  const out = session.out;
  const tracker = new PodTracker();
  const abort = new AbortController();
  // Every concurrent probe listens to it.
  setMaxListeners(0, abort.signal);
  const progress = flags.probe ? out.progress('Checking, and probing from the consumer clusters') : undefined;
  const counter =
    flags.probe || flags.output === 'json' || flags.output === 'yaml'
      ? undefined
      : out.counter((n, of) => `read ${n}/${of} clusters`);
  // Ctrl-C while probing stops the probes and still deletes their pods.
  const onSignal = (signal: NodeJS.Signals) => {
    abort.abort(new CliError(`interrupted by ${signal}`, { exitCode: 130 }));
  };
  if (flags.probe) process.once('SIGINT', onSignal);
  let checks;
  try {
    const run = await runDoctor(
      session,
      namespace,
      name,
      flags.probe ? layeredProber(session, tracker, abort.signal) : undefined,
      counter &&
        ((n: number, of: number) => {
          counter.tick(n, of);
        }),
    );
    if (abort.signal.aborted) throw abort.signal.reason;
    checks = run.findings.map(publicCheck);
  } finally {
    counter?.stop();
    process.off('SIGINT', onSignal);
    const left = await tracker.deleteAll();
    if (left.length)
      out.warn(`could not delete probe pods: ${left.map((p) => `${p.cluster}/${p.namespace}/${p.name}`).join(', ')}`);
  }
  progress?.done();
  printDoctor(out, checks, flags.output === 'table' ? undefined : flags.output);
  return checks.some((c) => c.result === 'fail') ? 1 : 0;
}
