// How `unexpose` says what it deleted, in kubectl delete's words (staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go,
// PrintObj): `KIND "NAME" deleted`, ending in ` (dry run)` or ` (server dry run)`; with -o name, `KIND/NAME` alone.
import { type ResourceType, kindRef, objectRef } from '../kube/resources.js';
import type { Printer } from './printer.js';

export interface DeletionView {
  deleted(rt: ResourceType, name: string): void;
  /** Any other result line: on stderr with -o name, which keeps stdout to the names a script reads. */
  say(text: string): void;
}

export function deletionView(
  out: Printer,
  { dryRun, output }: { dryRun: 'none' | 'client' | 'server'; output?: 'name' },
): DeletionView {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return {
    deleted: (rt, name) => {
      out.line(output === 'name' ? objectRef(rt, name) : `${kindRef(rt)} "${name}" deleted${suffix}`);
    },
    say: (text) => {
      if (output === 'name') out.note(text);
      else out.line(text);
    },
  };
}
