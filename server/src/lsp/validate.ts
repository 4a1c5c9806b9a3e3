import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';

/**
 * Request parameters checked before a handler sees them. Clients send odd things (Neovim 0.7 a
 * code-action diagnostic without `range`; fuzzers anything): a malformed URI, position or range
 * is an InvalidParams error naming the field; malformed diagnostics in a code-action context are
 * dropped (the actions for the range still come); and a handler that still throws answers empty
 * (logged), never with an internal error.
 */

const MAX_UINTEGER = 2 ** 31 - 1;

function invalid(field: string, expected: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `Invalid params: ${field} must be ${expected}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isUinteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_UINTEGER;
}

export function isPosition(v: unknown): v is { line: number; character: number } {
  return isObject(v) && isUinteger(v['line']) && isUinteger(v['character']);
}

/** A range whose ends are positions, start not after end. */
export function isRange(v: unknown): v is { start: { line: number; character: number }; end: { line: number; character: number } } {
  if (!isObject(v) || !isPosition(v['start']) || !isPosition(v['end'])) return false;
  const { start, end } = v;
  return start.line < end.line || (start.line === end.line && start.character <= end.character);
}

/** An absolute URI (scheme and a parseable rest). */
export function isUri(v: unknown): v is string {
  if (typeof v !== 'string' || !/^[a-z][a-z0-9+.-]*:/iu.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

function checkDocument(p: Record<string, unknown>): void {
  const doc = p['textDocument'];
  if (!isObject(doc)) throw invalid('textDocument', 'an object with a uri');
  if (!isUri(doc['uri'])) throw invalid('textDocument.uri', 'an absolute URI');
}

function params(p: unknown): Record<string, unknown> {
  if (!isObject(p)) throw invalid('params', 'an object');
  return p;
}

export function checkDocumentParams<T>(p: T): T {
  checkDocument(params(p));
  return p;
}

export function checkPositionParams<T>(p: T): T {
  const o = params(p);
  checkDocument(o);
  if (!isPosition(o['position'])) throw invalid('position', '{ line, character } with whole numbers ≥ 0');
  return p;
}

export function checkReferenceParams<T>(p: T): T {
  const o = checkPositionParams(params(p));
  if (o['context'] !== undefined && !isObject(o['context'])) throw invalid('context', 'an object');
  return p;
}

/** Code actions: document and range checked; the context normalized, keeping only well-formed diagnostics. */
export function checkCodeActionParams<T>(p: T): T {
  const o = params(p);
  checkDocument(o);
  if (!isRange(o['range'])) throw invalid('range', '{ start, end } positions with start ≤ end');
  const context = isObject(o['context']) ? o['context'] : {};
  const diagnostics = Array.isArray(context['diagnostics']) ? context['diagnostics'].filter((d) => isObject(d) && isRange(d['range']) && typeof d['message'] === 'string') : [];
  const only = Array.isArray(context['only']) && context['only'].every((k) => typeof k === 'string') ? context['only'] : undefined;
  return { ...o, context: { ...context, diagnostics, only } } as T;
}

export function checkCommandParams<T>(p: T): T {
  const o = params(p);
  if (typeof o['command'] !== 'string') throw invalid('command', 'a string');
  if (o['arguments'] !== undefined && !Array.isArray(o['arguments'])) throw invalid('arguments', 'an array');
  return p;
}

function isFileUri(v: unknown): v is string {
  if (!isUri(v) || !/^file:/iu.test(v)) return false;
  try {
    fileURLToPath(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * initialize: the server reads workspace folders from disk, so only file: URIs can be roots; any
 * other folder or root URI is left out (and said), rather than failing the whole session.
 */
export function checkInitializeParams<T>(p: T, warn: (message: string) => void = () => {}): T {
  const o = params(p);
  const folders = Array.isArray(o['workspaceFolders']) ? o['workspaceFolders'] : [];
  const kept = folders.filter((f) => isObject(f) && isFileUri(f['uri']));
  for (const f of folders) if (!kept.includes(f)) warn(`kijun: workspace folder ${JSON.stringify(isObject(f) ? f['uri'] : f)} is not a file: URI; not analyzed`);
  const rootUri = isFileUri(o['rootUri']) ? o['rootUri'] : null;
  if (o['rootUri'] != null && rootUri === null) warn(`kijun: root ${JSON.stringify(o['rootUri'])} is not a file: URI; not analyzed`);
  return { ...o, workspaceFolders: kept, rootUri, capabilities: isObject(o['capabilities']) ? o['capabilities'] : {} } as T;
}

type Handler = (params: unknown, ...rest: unknown[]) => unknown;
type Register = (handler: Handler) => unknown;

/**
 * Wraps the registration methods of the connection so that every handler registered afterwards
 * gets checked parameters. Call once, before the handlers are registered.
 */
export function validateRequests(connection: Connection): void {
  const log = (method: string, e: unknown) => connection.console.error(`kijun: ${method} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const guard = (target: object, name: string, check: (p: unknown) => unknown, empty: unknown): void => {
    const host = target as Record<string, Register>;
    const register = host[name]!.bind(target);
    host[name] = (handler: Handler) =>
      register(async (p: unknown, ...rest: unknown[]) => {
        const checked = check(p);
        try {
          return await handler(checked, ...rest);
        } catch (e) {
          // No empty answer for initialize (undefined): its failure must reach the client.
          if (e instanceof ResponseError || empty === undefined) throw e;
          log(name, e);
          return empty;
        }
      });
  };
  guard(connection, 'onInitialize', (p) => checkInitializeParams(p, (m) => connection.console.warn(m)), undefined);
  guard(connection, 'onHover', checkPositionParams, null);
  guard(connection, 'onCompletion', checkPositionParams, []);
  guard(connection, 'onDefinition', checkPositionParams, []);
  guard(connection, 'onReferences', checkReferenceParams, []);
  guard(connection, 'onCodeAction', checkCodeActionParams, []);
  guard(connection, 'onDocumentSymbol', checkDocumentParams, []);
  guard(connection, 'onFoldingRanges', checkDocumentParams, []);
  guard(connection, 'onExecuteCommand', checkCommandParams, null);
  // languages.diagnostics is a getter that builds a new object on each access: keep one, guarded.
  const diagnostics = connection.languages.diagnostics;
  guard(diagnostics, 'on', checkDocumentParams, { kind: 'full', items: [] });
  Object.defineProperty(connection.languages, 'diagnostics', { value: diagnostics, configurable: true });
}
