import { readFileSync } from 'node:fs';

/** The seed DescribeTaskDetail response (FINISH, one HLS transcode), as a fresh object each call. */
export function seed(): { Response: Record<string, any> } {
  return JSON.parse(
    readFileSync(new URL('../fixtures/seed-describe-task-detail.json', import.meta.url), 'utf8'),
  );
}

/** Every key anywhere in a JSON value. */
export function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allKeys(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allKeys(v, out);
    }
  }
  return out;
}

/** A finished workflow's inner body: `media` transcode steps, and any other result `members`. */
export function finishedWorkflow(
  members: Record<string, unknown> = {},
  media: Record<string, unknown>[] = [
    { Status: 'SUCCESS', ErrCode: 0, Output: { Path: '/v.mp4' } },
  ],
) {
  return {
    TaskType: 'WorkflowTask',
    Status: 'FINISH',
    WorkflowTask: {
      TaskId: 't',
      Status: 'FINISH',
      ErrCode: 0,
      MediaProcessResultSet: media.map((TranscodeTask) => ({ Type: 'Transcode', TranscodeTask })),
      ...members,
    },
  };
}
