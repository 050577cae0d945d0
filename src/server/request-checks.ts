import type { HandlerContext, TaskStatusHandlerOptions } from './handler-options.js';
import { readBodyText } from './read-body.js';
import type { Failure } from './responses.js';

/** TaskIds look like `2353030000-WorkflowTask-80108cc3…`: checked before any upstream call. */
export const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Why `taskId` may not be served to this request (400 malformed, 403 not authorized), or null. */
export async function refusal(
  ctx: HandlerContext,
  request: Request,
  taskId: string | null,
): Promise<Failure | null> {
  if (taskId == null || !TASK_ID.test(taskId)) {
    return {
      status: 400,
      code: 'InvalidParameterValue.TaskId',
      message: 'TaskId is missing or malformed.',
    };
  }
  if (!(await isAuthorized(ctx.options, request, taskId))) {
    return { status: 403, code: 'UnauthorizedOperation', message: 'You may not see this task.' };
  }
  return null;
}

/** `authorize` answering false or throwing both mean no. */
async function isAuthorized(
  options: TaskStatusHandlerOptions,
  request: Request,
  taskId: string,
): Promise<boolean> {
  if (!options.authorize) return true;
  try {
    return Boolean(await options.authorize(request, taskId));
  } catch {
    return false;
  }
}

/** Reads the TaskId from `?TaskId=`, a JSON body `{"TaskId"}`, or the last path segment. */
export async function readTaskId(request: Request): Promise<string | null> {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get('TaskId');
  if (fromQuery != null) return fromQuery;
  if (request.method === 'POST') {
    const text = await readSmallBody(request);
    try {
      const body = JSON.parse(text) as { TaskId?: unknown };
      return typeof body?.TaskId === 'string' ? body.TaskId : null;
    } catch {
      return null;
    }
  }
  return pathTaskId(url);
}

/**
 * `…/{taskId}`: every MPS task id has dashes (`<account>-<TaskType>-<hex>`), so `/api/task`
 * itself is not mistaken for a task called "task".
 */
export function pathTaskId(url: URL): string | null {
  let last: string;
  try {
    last = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    return null; // a malformed %-escape: no task id
  }
  return last.includes('-') ? last : null;
}

/** A body of `{"TaskId": "..."}` is tiny: more than this is refused (413) as it arrives. */
export const MAX_BODY = 4096;

export class BodyTooLarge extends Error {}

/** The body as text, refused (413) as soon as it is known to exceed `MAX_BODY`. */
async function readSmallBody(request: Request): Promise<string> {
  const text = await readBodyText(request, MAX_BODY);
  if (text == null) throw new BodyTooLarge();
  return text;
}
