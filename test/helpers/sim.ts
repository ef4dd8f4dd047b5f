// Starts the simulated Karmada for a test and writes its kubeconfig to a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/sim/index.js';

export interface TestSim {
  sim: Simulator;
  kubeconfig: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ tickMs: 20, ...options });
  const dir = mkdtempSync(join(tmpdir(), 'kmcs-test-'));
  const kubeconfig = join(dir, 'kubeconfig');
  sim.writeKubeconfig(kubeconfig);
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig };
  return {
    sim, kubeconfig, dir, env,
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes (non-GET) requests the simulator received, to assert that nothing was written. */
export const writes = (sim: Simulator) => sim.api.requests.filter((r) => !['GET', 'HEAD'].includes(r.method) && r.status < 400);
