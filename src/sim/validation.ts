// Kubernetes' own validation of names, label keys and ports, with its messages, from
// k8s.io/apimachinery/pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue, IsDNS1123Label,
// IsDNS1035Label, IsValidPortNum), k8s.io/apimachinery/pkg/util/validation/field/errors.go (how a field error
// reads), k8s.io/apimachinery/pkg/api/errors (NewInvalid) and pkg/apis/core/validation/validation.go
// (validateServicePort, validateContainerPorts).
import { StatusError } from './status.js';
import type { ResourceType } from './resources.js';

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const whole = (fmt: string) => new RegExp(`^${fmt}$`);

/** validation.RegexError: examples joined by "',  or '" (the double space is Kubernetes'). */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number) => `must be no more than ${n} characters`;

export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!whole(DNS1123_LABEL_FMT).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and " +
          'must start and end with an alphanumeric character',
        DNS1123_LABEL_FMT,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
}

export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!whole(DNS1035_LABEL_FMT).test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
          'alphabetic character, and end with an alphanumeric character',
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!whole(DNS1123_SUBDOMAIN_FMT).test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or " +
          "'.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errs;
}

const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
  'alphanumeric character';

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = value;
  else if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} ` +
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!whole(QUALIFIED_NAME_FMT).test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!new RegExp(`^(${QUALIFIED_NAME_FMT})?$`).test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or " +
          "'.', and must start and end with an alphanumeric character",
        `(${QUALIFIED_NAME_FMT})?`,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

export const isValidPortNum = (port: unknown): string[] =>
  typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive'];

/** One field.Error: its field path and its body ("Invalid value: 70000: must be ..."). */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueDuplicate';
  field: string;
  body: string;
}

/** field.Invalid: numbers and bools print bare, strings quoted (Go's %q, close enough to JSON for these values). */
export function fieldInvalid(field: string, value: unknown, detail: string): FieldError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return { type: 'FieldValueInvalid', field, body: `Invalid value: ${shown}: ${detail}` };
}

export const fieldRequired = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  body: `Required value${detail ? `: ${detail}` : ''}`,
});

export const fieldDuplicate = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  body: `Duplicate value: ${JSON.stringify(value)}`,
});

export const errorText = (e: FieldError) => `${e.field}: ${e.body}`;

/** utilerrors.NewAggregate(...).Error(): one message bare, several deduplicated inside brackets. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique.join('') : `[${unique.join(', ')}]`;
}

/** apierrors.NewInvalid: 422 with `Kind.group "name" is invalid: ...` and one cause per field error. */
export function newInvalid(rt: ResourceType, name: string, errs: FieldError[]): StatusError {
  const qualifiedKind = rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${aggregate(errs.map(errorText))}`, {
    name,
    ...(rt.group ? { group: rt.group } : {}),
    kind: rt.kind,
    causes: errs.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
  });
}

/** A label value as decoded from JSON: a string as it is, null as empty. */
const labelText = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);

/** ValidateLabels (apimachinery/pkg/apis/meta/v1/validation): each key a qualified name, each value a label value. */
export function validateLabels(labels: Record<string, unknown> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(fieldInvalid(path, key, msg));
    for (const msg of isValidLabelValue(labelText(value))) errs.push(fieldInvalid(path, value, msg));
  }
  return errs;
}

/** validateServicePort: port always, targetPort when it is a number (SetDefaults_Service copied port into it). */
export function validateServicePorts(ports: { port?: unknown; targetPort?: unknown }[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (ports ?? []).forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    for (const msg of isValidPortNum(p.port)) errs.push(fieldInvalid(`${at}.port`, p.port, msg));
    if (typeof p.targetPort === 'number') {
      for (const msg of isValidPortNum(p.targetPort)) errs.push(fieldInvalid(`${at}.targetPort`, p.targetPort, msg));
    }
  });
  return errs;
}

/** validateContainerPorts, for every container of a pod spec at `path` (e.g. spec.template.spec). */
export function validateContainerPorts(
  podSpec: { containers?: { ports?: { containerPort?: unknown }[] }[] } | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (podSpec?.containers ?? []).forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      const at = `${path}.containers[${ci}].ports[${pi}].containerPort`;
      if (!p.containerPort) errs.push(fieldRequired(at));
      else for (const msg of isValidPortNum(p.containerPort)) errs.push(fieldInvalid(at, p.containerPort, msg));
    });
  });
  return errs;
}
