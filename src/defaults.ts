// Defaults shared by the CLI wiring (for --help) and the code that uses them, kept in a module
// with no imports so that loading it costs nothing at startup.

/** curl image of the temporary probe pod, pinned so probes behave the same everywhere. */
export const DEFAULT_PROBE_IMAGE = 'curlimages/curl:8.11.0';

/** apiVersion of the documents `status` and `probe` print with -o json|yaml. */
export const DOCUMENT_API_VERSION = 'kubectl-karmada-mcs/v1';

/** The install layouts the playground can simulate (the simulator's own list is in src/sim/layouts.ts). */
export const LAYOUTS = ['init', 'local-up', 'helm', 'operator'] as const;

/**
 * API requests in flight at once: a status of 100 members (2 lists each) in one round trip. kube-apiserver allows
 * 100 streams per HTTP/2 connection, so they go over up to 3 connections, as client-go's would (docs/performance.md).
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 250;

/** The kubeconfig context of the cluster Karmada runs in, when --host-context is not given (local-up's name). */
export const DEFAULT_HOST_CONTEXT = 'karmada-host';

/** How long `status --wait` waits when --timeout is not given (the flag alone is a usage error without --wait). */
export const DEFAULT_STATUS_TIMEOUT = '2m';

/** How long `enable` and `disable` wait for the rollout without --timeout (which --no-wait refuses). */
export const DEFAULT_ROLLOUT_TIMEOUT = '5m';
