// The karmada-agents of Pull-mode members collect their own EndpointSlices, so they need the gate too: read each
// one's gate (to tell the user), or change them all (--agents), a few clusters at a time.
import { mapLimit } from '../concurrency.js';
import type { GateState } from '../karmada/gates.js';
import type { Session } from '../session.js';
import { type Changed, type GateOptions, agentGate, changeAgent, pullModeClusters } from './service.js';

const AGENT_PARALLELISM = 8;

const messageOf = (reason: unknown, otherwise: string): string =>
  reason instanceof Error ? reason.message : otherwise;

export interface PullModeMembers {
  clusters: string[];
  /** why the clusters could not be listed, when that need not stop the command */
  warning?: string;
}

/** The Pull-mode members; without --agents, a failure to list them is only a warning. */
export async function pullModeMembers(session: Session, required: boolean): Promise<PullModeMembers> {
  try {
    return { clusters: await pullModeClusters(await session.karmada()) };
  } catch (error) {
    if (required) throw error;
    return {
      clusters: [],
      warning: `could not list member clusters to check Pull-mode karmada-agents: ${messageOf(error, String(error))}`,
    };
  }
}

export interface AgentGate {
  cluster: string;
  /** undefined when the agent could not be read */
  state?: GateState;
  /** what the table shows: the gate, or why it is unknown */
  describe: string;
}

/** Each agent's gate, read without changing it. */
export async function readAgentGates(session: Session, clusters: string[], namespace: string): Promise<AgentGate[]> {
  const states = await mapLimit(clusters, AGENT_PARALLELISM, async (cluster) =>
    agentGate(await session.member(cluster), namespace),
  );
  return states.map((r, i) => ({
    cluster: clusters[i] ?? '',
    ...(r.status === 'fulfilled'
      ? { state: r.value, describe: r.value.describe }
      : { describe: `unknown (${messageOf(r.reason, 'unreadable')})` }),
  }));
}

/** One agent's change, or why it failed (the others go on). */
export type AgentChange = { cluster: string; changed: Changed } | { cluster: string; error: string };

/** Changes every agent's gate; a failure in one cluster is reported with its result, not thrown. */
export async function changeAgents(session: Session, clusters: string[], options: GateOptions): Promise<AgentChange[]> {
  const results = await mapLimit(clusters, AGENT_PARALLELISM, async (cluster) => {
    const member = await session.member(cluster);
    return { client: member, result: await changeAgent(member, options) };
  });
  return results.map((r, i) => {
    const cluster = clusters[i] ?? '';
    return r.status === 'fulfilled'
      ? { cluster, changed: r.value }
      : { cluster, error: `cluster ${cluster}: ${messageOf(r.reason, 'failed')}` };
  });
}
