// Defaults shared by the CLI wiring (for --help) and the code that uses them, kept in a module
// with no imports so that loading it costs nothing at startup.

/** curl image of the temporary probe pod, pinned so probes behave the same everywhere. */
export const DEFAULT_PROBE_IMAGE = 'curlimages/curl:8.11.0';
