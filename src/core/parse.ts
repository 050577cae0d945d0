import type { FieldIssue } from './view.js';
import { TaskDetail as TaskDetailSchema } from './schema.js';
import type { TaskDetail } from './task-detail.js';
import { innerOf, isRecord } from './request.js';
import { TaskStatusError, apiError } from './errors.js';
import { stripSecrets } from './secrets.js';

export type { FieldIssue };

export interface ParsedTask {
  detail: TaskDetail;
  issues: FieldIssue[];
}

type Path = readonly PropertyKey[];
const pathText = (path: Path) => path.map(String).join('.') || '(root)';

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

/** A status, or a task object (`WorkflowTask`, …, or one of a TaskType newer than ours). */
const isTaskField = (key: string) => key === 'Status' || key.endsWith('Task');

/**
 * Turns a response body (the `{"Response": {...}}` envelope or the bare inner object) into a
 * validated, secret-free task. A value of the wrong type anywhere below the top degrades to
 * "unknown" and is reported in `issues`; only a body that is not an object, or has nothing of a
 * task in it, throws an `invalid` error. An MPS error envelope throws its API error.
 */
export function parseTaskBody(body: unknown): ParsedTask {
  if (!isRecord(body)) throw invalid('(root)', 'the body is not a JSON object');
  const inner = innerOf(body);
  if (!isRecord(inner)) throw invalid('Response', 'Response is not an object');
  if (isRecord(inner.Error)) {
    const { Code, Message } = inner.Error;
    throw apiError(
      typeof Code === 'string' && Code ? Code : 'UnknownError',
      typeof Message === 'string' ? Message : '',
      typeof inner.RequestId === 'string' ? inner.RequestId : undefined,
    );
  }
  // stripSecrets copies, so the degrading below never touches the caller's object.
  const data = stripSecrets(inner) as Record<PropertyKey, unknown>;
  const issues: FieldIssue[] = [];
  // Each pass drops every bad value it finds; nested problems can surface on the next pass.
  for (let pass = 0; pass < 4; pass++) {
    const result = TaskDetailSchema.safeParse(data);
    if (result.success) {
      // What is left must still be a task: a status, or a task object to take one from.
      if (!Object.keys(result.data).some((key) => isTaskField(key) && result.data[key] != null)) {
        const status = issues.find((issue) => issue.path === 'Status');
        throw invalid('Status', status?.problem ?? 'no task status or task object');
      }
      return { detail: result.data, issues };
    }
    for (const issue of result.error.issues) {
      const path = issue.path as Path;
      if (path.length === 0) throw invalid('(root)', 'the body is not a task');
      const expected = (issue as { expected?: string }).expected;
      // zod/mini ships no messages ("Invalid input"), so say what was expected and what came.
      const found = describe(valueAt(data, path));
      issues.push({
        path: pathText(path),
        problem: expected ? `expected ${expected}, got ${found}` : issue.message,
      });
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
