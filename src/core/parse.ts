import type { FieldIssue } from './view.js';
import { TaskDetail } from './schema.js';
import { TaskStatusError, apiError } from './errors.js';
import { stripSecrets } from './secrets.js';

export type { FieldIssue };

export interface ParsedTask {
  detail: TaskDetail;
  issues: FieldIssue[];
}

type Path = readonly PropertyKey[];
const pathText = (path: Path) => path.map(String).join('.') || '(root)';

const isLeaf = (v: unknown) => v === null || typeof v !== 'object';

/** Deletes the value at `path` in a (private, already copied) object tree. */
function drop(root: Record<PropertyKey, unknown>, path: Path): void {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) node = (node as Record<PropertyKey, unknown>)?.[key];
  if (node && typeof node === 'object')
    delete (node as Record<PropertyKey, unknown>)[path[path.length - 1]];
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/**
 * Turns a response body (the `{"Response": {...}}` envelope or the bare inner object) into a
 * validated, secret-free task. Wrong types in leaves degrade to "unknown" and are reported as
 * `issues`; anything structural (not an object, no `Status`, an object where a list belongs)
 * throws an `invalid` error naming the first bad path. An MPS error envelope throws its API error.
 */
export function parseTaskBody(body: unknown): ParsedTask {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('(root)', 'the body is not a JSON object');
  }
  const inner = 'Response' in body ? (body as { Response: unknown }).Response : body;
  if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
    throw invalid('Response', 'Response is not an object');
  }
  const error = (inner as { Error?: { Code?: unknown; Message?: unknown } }).Error;
  if (error && typeof error === 'object') {
    const requestId = (inner as { RequestId?: unknown }).RequestId;
    throw apiError(
      String(error.Code ?? 'UnknownError'),
      String(error.Message ?? ''),
      typeof requestId === 'string' ? requestId : undefined,
    );
  }

  // stripSecrets copies, so the degrading below never touches the caller's object.
  const data = stripSecrets(inner) as Record<PropertyKey, unknown>;
  const issues: FieldIssue[] = [];
  // Each pass drops every bad leaf it finds; nested problems can surface on the next pass.
  for (let pass = 0; pass < 4; pass++) {
    const result = TaskDetail.safeParse(data);
    if (result.success) return { detail: result.data, issues };
    for (const issue of result.error.issues) {
      const path = issue.path as Path;
      const found = valueAt(data, path);
      const expected = (issue as { expected?: string }).expected;
      const structural =
        path.length === 0 ||
        (path.length === 1 && path[0] === 'Status') ||
        !isLeaf(found) ||
        expected === 'object' ||
        expected === 'array' ||
        expected === 'record';
      // zod/mini ships no messages ("Invalid input"), so say what was expected and what came.
      const problem = expected ? `expected ${expected}, got ${describe(found)}` : issue.message;
      if (structural) throw invalid(pathText(path), problem);
      issues.push({ path: pathText(path), problem });
      drop(data, path);
    }
  }
  throw invalid('(root)', 'too many invalid fields');
}

const describe = (v: unknown) =>
  v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;

function invalid(path: string, problem: string): TaskStatusError {
  return new TaskStatusError({
    kind: 'invalid',
    retryable: false,
    path,
    message: `Invalid task data at ${path}: ${problem}`,
  });
}
