/**
 * The invariants every run of a connector must keep, whatever its input,
 * written as checks that return findings (one readable sentence each, with
 * the offending output line) instead of throwing, so that one case can report
 * every rule it breaks.
 */
import { assertValidAirbyteMessages } from '../support/protocol-validator.js';
import type { JsonObject, JsonValue } from '../../src/json/json-value.js';
import type { ConnectorRun } from './run-connector.js';

export interface ParsedRun {
  run: ConnectorRun;
  /** One entry per stdout line: the parsed message, or undefined when the line is not a valid AirbyteMessage. */
  messages: Array<JsonObject | undefined>;
  findings: string[];
}

/** At most `max` characters of a text, with its length when cut. */
export function preview(text: string, max = 300): string {
  const shown = JSON.stringify(text.length > max ? text.slice(0, max) : text);
  return text.length > max ? `${shown}... (${text.length} chars)` : shown;
}

const STACK_LINE = /\n\s+at (?:async )?\S.*(?:\.[cm]?[jt]s|node:[\w/]+):\d+:\d+\)?/;

/**
 * Parses and checks the output every command shares: every stdout line is a
 * valid AirbyteMessage; nothing (stdout or stderr) says `Unexpected internal
 * error` or shows a stack trace; no secret is printed; the run ended in time;
 * a failed run (exit not 0) ends with exactly one TRACE error.
 */
export function parseRun(run: ConnectorRun, secrets: readonly string[]): ParsedRun {
  const findings: string[] = [];
  const command = `${run.connector} ${run.args[0] ?? ''}`;
  if (run.timedOut) findings.push(`${command} did not finish in time (killed after ${run.elapsedMs} ms); last line: ${preview(run.lines.at(-1) ?? '')}`);
  const messages = run.lines.map((line, index) => {
    try {
      return assertValidAirbyteMessages([line])[0] as JsonObject;
    } catch (error) {
      findings.push(`${command}: stdout line ${index + 1} breaks the protocol: ${(error as Error).message.split('\n')[0]}\n      line: ${preview(line)}`);
      return undefined;
    }
  });
  for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    const at = text.indexOf('Unexpected internal error');
    if (at >= 0) findings.push(`${command} printed "Unexpected internal error" on ${stream}: ${preview(lineAround(text, at))}`);
    const stack = STACK_LINE.exec(text);
    if (stack) findings.push(`${command} printed a stack trace on ${stream}: ${preview(lineAround(text, stack.index + 1))}`);
  }
  for (const message of messages) {
    const error = traceError(message);
    if (error !== undefined && typeof error['stack_trace'] === 'string' && error['stack_trace'] !== '') findings.push(`${command} sent a TRACE error with a stack trace: ${preview(error['stack_trace'])}`);
  }
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      const inOut = run.stdout.indexOf(form);
      const inErr = run.stderr.indexOf(form);
      if (inOut >= 0 || inErr >= 0) {
        findings.push(`${command} printed a secret of the config (${preview(form, 60)}) on ${inOut >= 0 ? 'stdout' : 'stderr'}: ${preview(lineAround(inOut >= 0 ? run.stdout : run.stderr, Math.max(inOut, inErr)))}`);
        break;
      }
    }
  }
  if (run.code !== 0 && !run.timedOut) {
    const traces = messages.filter((message) => traceError(message) !== undefined);
    if (traces.length !== 1) findings.push(`${command} exited ${run.code} with ${traces.length} TRACE errors (one expected); stderr: ${preview(run.stderr)}`);
    else if (messages.at(-1) !== traces[0]) findings.push(`${command} printed lines after its TRACE error: ${preview(run.lines.at(-1) ?? '')}`);
  }
  return { run, messages, findings };
}

/** The line of `text` around offset `at`. */
function lineAround(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? undefined : end);
}

/**
 * The ways a secret could show in output: as it is, JSON-escaped, and, when it
 * holds control characters, each part of 6 characters or more between them.
 */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
  for (const part of secret.split(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/)) if (part.length >= 6 && part !== secret) forms.add(part);
  return [...forms].filter((form) => form.length >= 4);
}

export function traceError(message: JsonObject | undefined): JsonObject | undefined {
  if (message?.['type'] !== 'TRACE') return undefined;
  const trace = message['trace'] as JsonObject;
  return trace['type'] === 'ERROR' ? (trace['error'] as JsonObject) : undefined;
}

export function connectionStatuses(parsed: ParsedRun): JsonObject[] {
  return parsed.messages.filter((message) => message?.['type'] === 'CONNECTION_STATUS').map((message) => message!['connectionStatus'] as JsonObject);
}

export function firstTraceError(parsed: ParsedRun): JsonObject | undefined {
  return parsed.messages.map(traceError).find((error) => error !== undefined);
}

/** True when `message` names one of the field names (as written, or with spaces for underscores). */
export function namesField(message: string, names: readonly string[]): boolean {
  return names.some((name) => name !== '' && (message.includes(name) || message.includes(name.replace(/_/g, ' '))));
}

/**
 * `check` prints exactly one CONNECTION_STATUS and exits 0. When `mustFail`
 * it is FAILED; a FAILED message must name one of `names`.
 */
export function checkCommandFindings(parsed: ParsedRun, names: readonly string[], mustFail: boolean): string[] {
  const findings: string[] = [];
  const statuses = connectionStatuses(parsed);
  if (parsed.run.code !== 0) findings.push(`check exited ${parsed.run.code} (0 expected): ${preview(parsed.run.lines.at(-1) ?? parsed.run.stderr)}`);
  if (statuses.length !== 1) {
    findings.push(`check printed ${statuses.length} CONNECTION_STATUS messages (exactly one expected); last line: ${preview(parsed.run.lines.at(-1) ?? '')}`);
    return findings;
  }
  const status = statuses[0]!;
  const message = String(status['message'] ?? '');
  if (mustFail && status['status'] !== 'FAILED') findings.push(`check answered ${String(status['status'])} for an invalid config (FAILED expected)`);
  if (status['status'] === 'FAILED' && !namesField(message, names)) findings.push(`check answered FAILED without naming the field (${names.join(' or ')}): ${preview(message)}`);
  return findings;
}

/**
 * A command that reads the config, catalog or state: when `mustFail` it exits
 * non-zero; a failure is a config_error TRACE whose message names one of `names`
 * (or one that `alsoAccept` matches).
 */
export function configMistakeFindings(parsed: ParsedRun, names: readonly string[], mustFail: boolean, options: { alsoAccept?: RegExp } = {}): string[] {
  const findings: string[] = [];
  const command = parsed.run.args[0] ?? '';
  if (parsed.run.timedOut) return findings;
  if (mustFail && parsed.run.code === 0) findings.push(`${command} exited 0 for an invalid input (a config_error expected)`);
  if (parsed.run.code === 0) return findings;
  const error = firstTraceError(parsed);
  if (error === undefined) return findings; // reported by parseRun
  const message = String(error['message'] ?? '');
  if (options.alsoAccept?.test(message) === true) return findings;
  if (error['failure_type'] !== 'config_error') findings.push(`${command} failed with failure_type ${String(error['failure_type'])} (config_error expected): ${preview(message)}`);
  else if (!namesField(message, names)) findings.push(`${command} failed with a config_error that does not name the field (${names.join(' or ')}): ${preview(message)}`);
  return findings;
}

/** Every string value at an `airbyte_secret` field of `config` (walking `oneOf` branches), for the no-secret check. */
export function secretsOf(schema: JsonObject, config: JsonValue | undefined): string[] {
  const found: string[] = [];
  const walk = (node: JsonObject, value: JsonValue | undefined): void => {
    if (value === undefined || value === null) return;
    if (node['airbyte_secret'] === true && typeof value === 'string' && value.length >= 4) found.push(value);
    for (const branch of (node['oneOf'] as JsonObject[] | undefined) ?? []) walk(branch, value);
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries((node['properties'] as Record<string, JsonObject> | undefined) ?? {})) walk(child, value[key]);
    }
    if (Array.isArray(value) && typeof node['items'] === 'object' && node['items'] !== null) for (const item of value) walk(node['items'] as JsonObject, item);
  };
  walk(schema, config);
  return found;
}
