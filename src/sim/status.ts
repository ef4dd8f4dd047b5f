// Kubernetes `Status` failure bodies, exactly as the API server shapes them.
import { type ResourceType, qualifiedName } from './resources.js';

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): object {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      // metav1.Status's reason is omitempty: an error the API server could not classify has none.
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

const details = (rt: ResourceType, name: string) => ({
  name,
  ...(rt.group ? { group: rt.group } : {}),
  kind: rt.plural,
});

export const notFound = (rt: ResourceType, name: string) =>
  new StatusError(404, 'NotFound', `${qualifiedName(rt)} "${name}" not found`, details(rt, name));

export const alreadyExists = (rt: ResourceType, name: string) =>
  new StatusError(409, 'AlreadyExists', `${qualifiedName(rt)} "${name}" already exists`, details(rt, name));

export const conflict = (rt: ResourceType, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(rt)} "${name}": the object has been modified; ` +
      'please apply your changes to the latest version and try again',
    details(rt, name),
  );

export const invalid = (rt: ResourceType, name: string, causes: string[]) =>
  new StatusError(422, 'Invalid', `${rt.kind} "${name}" is invalid: ${causes.join(', ')}`, {
    ...details(rt, name),
    kind: rt.kind,
    causes: causes.map((message) => ({ reason: 'FieldValueInvalid', message })),
  });

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

/** The 404 of an unknown path: no details, which is how clients tell "no such API" from "no such object". */
export const noRoute = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
