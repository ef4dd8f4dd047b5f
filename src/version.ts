// The plugin's version: inlined by the bundler, else read from package.json next to dist/.
import { readFileSync } from 'node:fs';

declare const __PLUGIN_VERSION__: string | undefined;

export function pluginVersion(): string {
  if (typeof __PLUGIN_VERSION__ === 'string') return __PLUGIN_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
