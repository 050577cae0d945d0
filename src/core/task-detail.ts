/**
 * The public shape of a `DescribeTaskDetail` response (its inner `Response` object), as
 * `parseTaskBody` returns it: declared here rather than inferred from the zod schema, so that
 * consumers' editors and type checks read a few lines instead of the schema's expanded types
 * (`test/core/sdk-coverage.test.ts` checks the schema's output against this and the SDK).
 *
 * Every field is optional and nullable, as the SDK declares them; unknown fields are kept. The
 * nested task objects are open records: read them with the SDK's `mps_models.d.ts` types.
 */
export interface TaskDetail {
  /** `WorkflowTask`, `EditMediaTask`, `ScheduleTask`, `LiveScheduleTask`, … */
  TaskType?: string | null;
  /** `WAITING`, `PROCESSING` or `FINISH` (open: a new value is kept as-is). */
  Status?: string | null;
  /** ISO 8601 creation time. */
  CreateTime?: string | null;
  BeginProcessTime?: string | null;
  FinishTime?: string | null;
  WorkflowTask?: TaskObject | null;
  EditMediaTask?: TaskObject | null;
  ScheduleTask?: TaskObject | null;
  LiveStreamProcessTask?: TaskObject | null;
  LiveScheduleTask?: TaskObject | null;
  ExtractBlindWatermarkTask?: TaskObject | null;
  TasksPriority?: number | null;
  SessionId?: string | null;
  SessionContext?: string | null;
  ExtInfo?: string | null;
  RequestId?: string | null;
  [field: string]: unknown;
}

/** The fields every task object shares; the rest are kind-specific (see the SDK). */
export interface TaskObject {
  TaskId?: string | null;
  Status?: string | null;
  ErrCode?: number | null;
  Message?: string | null;
  [field: string]: unknown;
}
