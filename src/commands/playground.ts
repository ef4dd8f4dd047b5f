// `playground`: the simulated Karmada in the foreground, with a kubeconfig that points at it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { LAYOUTS } from '../defaults.js';
import { UsageError } from '../errors.js';
import type { Session } from '../session.js';

export interface PlaygroundOptions {
  clusters: string;
  latency: string;
  layout: (typeof LAYOUTS)[number];
  pull: string[];
  writeKubeconfig?: string;
}

const LAYOUT_NOTES = {
  init: 'karmadactl init (MultiClusterService gate off)',
  'local-up': 'hack/local-up-karmada.sh (gate on via AllAlpha=true)',
  helm: 'Helm chart (gate off)',
  operator: 'karmada-operator (gate off)',
};

function count(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`invalid value "${text}" for ${flag}: expected a whole number from ${min} to ${max}`);
  return n;
}

export async function playground(session: Session, options: PlaygroundOptions): Promise<number> {
  const members = count(options.clusters, '--clusters', 1, 500);
  const latencyMs = count(options.latency, '--latency', 0, 60_000);
  const path = options.writeKubeconfig ?? join(tmpdir(), 'karmada-mcs-playground', 'kubeconfig');
  const { startSimulator } = await import('../sim/index.js');
  const sim = await startSimulator({ members, latencyMs, layout: options.layout, pullMembers: options.pull });
  sim.writeKubeconfig(path);
  const out = session.out;
  const modes = sim.memberNames.map((m) => `${m}${options.pull.includes(m) ? ' (Pull)' : ''}`);
  out.line(out.color.bold('A simulated Karmada is running on 127.0.0.1 (a simulation for trying the plugin, not a real cluster):'));
  out.line(`  karmada-apiserver  ${sim.karmadaUrl}`);
  out.line(`  karmada-host       ${sim.hostUrl}`);
  out.line(`  member clusters    ${modes.length > 6 ? `${modes.slice(0, 5).join(', ')}, ... (${modes.length})` : modes.join(', ')}`);
  out.line(`  install layout     ${LAYOUT_NOTES[options.layout]}`);
  out.line(`  seeded             nginx Deployment in member1, curl Deployment in member2 (Karmada's MCS guide)`);
  if (latencyMs) out.line(`  latency            ${latencyMs}ms per API request`);
  out.line();
  out.line('Use it from another shell:');
  out.line(`  export KUBECONFIG=${path}`);
  out.line('  kubectl karmada-mcs enable');
  out.line('  kubectl karmada-mcs expose nginx --provider member1 --consumer member2');
  out.line();
  out.line('Press Ctrl-C to stop.');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await sim.stop();
  rmSync(path, { force: true });
  out.note(`playground stopped (${signal}); removed ${path}`);
  return 0;
}
