import { amount, record, records, text, texts, type Loose } from './loose-values.js';
import type { MediaFacts, OutputKind, OutputView, StorageView, Subtask } from './view.js';

/** Where files were written: COS, AWS-S3 or VOD, with bucket and region (never credentials). */
export function storageOf(value: unknown): StorageView | null {
  const storage = record(value);
  if (!storage) return null;
  const cos = record(storage.CosOutputStorage);
  const s3 = record(storage.S3OutputStorage);
  const vod = record(storage.VODOutputStorage);
  return {
    type: text(storage.Type) ?? (cos ? 'COS' : s3 ? 'AWS-S3' : vod ? 'VOD' : 'UNKNOWN'),
    bucket: text(cos?.Bucket) ?? text(s3?.S3Bucket) ?? text(vod?.Bucket),
    region: text(cos?.Region) ?? text(s3?.S3Region) ?? text(vod?.Region),
  };
}

/** Media facts from a `MetaData` object or a media output (they share the field names). */
export function mediaFacts(value: unknown): MediaFacts {
  const media = record(value) ?? {};
  const video = records(media.VideoStreamSet)[0];
  const audio = records(media.AudioStreamSet)[0];
  return {
    container: text(media.Container),
    width: amount(media.Width) ?? amount(video?.Width),
    height: amount(media.Height) ?? amount(video?.Height),
    bitrate: amount(media.Bitrate),
    size: amount(media.Size),
    duration: amount(media.Duration),
    videoCodec: text(video?.Codec),
    fps: amount(video?.Fps),
    audioCodec: text(audio?.Codec),
    sampleRate: amount(audio?.SamplingRate),
  };
}

const NO_MEDIA_FACTS = mediaFacts(null);

const MEDIA_OUTPUT_KIND: Record<string, OutputKind> = {
  AnimatedGraphics: 'animation',
  SnapshotByTimeOffset: 'image',
  SampleSnapshot: 'image',
  CoverBySnapshot: 'image',
  ImageSprites: 'sprite',
  AdaptiveDynamicStreaming: 'stream',
};

/** Transcode and EditMedia outputs: a stream for HLS/DASH containers, audio without video. */
function transcodeKind(facts: MediaFacts): OutputKind {
  if (/hls|dash|applehttp/i.test(facts.container ?? '')) return 'stream';
  return !facts.videoCodec && facts.audioCodec ? 'audio' : 'video';
}

/** The one output of a media subtask (or an EditMedia task): a file, or a set of images. */
export function mediaOutput(
  subtask: Subtask,
  value: unknown,
  fallbackStorage: StorageView | null,
): OutputView | null {
  const output = record(value);
  if (!output) return null;
  // EditMedia nests the output's media facts under MetaData; the other types put them inline.
  const facts = mediaFacts(record(output.MetaData) ?? output);
  const pictures = records(output.PicInfoSet).filter((picture) => text(picture.Path));
  const imagePaths = pictures.length
    ? pictures.map((picture) => picture.Path as string)
    : texts(output.ImagePathSet);
  // An output with nothing to open (MPS fills `Output` with an empty `Path` on some failures) is none.
  if (!text(output.Path) && imagePaths.length === 0) return null;
  const kind = MEDIA_OUTPUT_KIND[subtask.type] ?? transcodeKind(facts);
  return {
    id: subtask.id,
    subtaskId: subtask.id,
    subtaskType: subtask.type,
    kind,
    role: null,
    storage: storageOf(output.OutputStorage ?? output.Storage) ?? fallbackStorage,
    path: text(output.Path),
    url: null,
    // `Definition: 0` is no template (the ParseNotification example sends it): the step's own is.
    definition: amount(output.Definition) || subtask.definition,
    packageType: text(output.Package),
    md5: text(output.Md5),
    ...facts,
    imagePaths,
    timeOffsets: pictures.map((picture) => amount(picture.TimeOffset) ?? 0),
    webVttPath: text(output.WebVttPath),
  };
}

const EXTENSION = /\.([a-z0-9]{2,5})(?:[?#].*)?$/i;

/** What a file is, from the field that names it and its extension. */
export function fileKind(role: string, path: string): OutputKind {
  const ext = EXTENSION.exec(path)?.[1].toLowerCase() ?? '';
  if (/subtitle/i.test(role) || /^(vtt|srt|ass|ssa|lrc)$/.test(ext)) return 'subtitle';
  if (/^(m3u8|mpd)$/.test(ext)) return 'stream';
  if (/cover|covimg|image|pic|mindmap/i.test(role) || /^(jpe?g|png|webp|gif|bmp)$/.test(ext)) {
    return 'image';
  }
  if (/speaker|audio/i.test(role) || /^(mp3|m4a|aac|wav|flac|ogg|opus)$/.test(ext)) return 'audio';
  if (/^(mp4|mov|mkv|flv|ts|webm|avi|m4v)$/.test(ext) || /video|highlight/i.test(role)) {
    return 'video';
  }
  return role === 'Path' ? 'video' : 'file';
}

/** A result entry (`{Type, <Name>Task: {...}}`) is a step of its own, read by `StepCollector`. */
const isResultEntry = (node: Loose) =>
  Object.keys(node).some((key) => key.endsWith('Task') && record(node[key]) != null);

/** Objects visited per step at most: a step's output can hold thousands of recognised segments. */
const MAX_NODES = 2000;
const MAX_DEPTH = 6;

const HTTP_URL = /^https?:\/\/\S+$/i;
/** An object path as MPS writes them (`/output/a.mp4`, `dir/a.vtt`): no spaces, a folder, an extension. */
const OBJECT_PATH = /^[^\s]*\/[^\s/]+\.[a-z0-9]{2,5}$/i;

/** Where a string member of an output is a file: its path, or a ready URL; null when it is neither. */
function fileAt(key: string, value: unknown): { path: string | null; url: string | null } | null {
  const found = text(value);
  if (!found || /Id$/.test(key)) return null; // VOD file ids name files we cannot open
  if (HTTP_URL.test(found)) return { path: null, url: found };
  return key.endsWith('Path') || OBJECT_PATH.test(found) ? { path: found, url: null } : null;
}

/**
 * Every file a step wrote, wherever its output names one, by what the value is rather than only
 * by its field's name: fields ending in `Path` (one file) or `Paths` (several), any other member
 * holding an object path or an http(s) URL (`VoiceClonedVideo`, `DubbingEditInfoUrl`), and live
 * recordings' `FileList[].Url` with their size and duration. Reads the output generically, so AI
 * kinds MPS adds later list their files too. The nearest `OutputStorage` up the tree says where
 * each file is. An empty path or URL is no file.
 */
export function stepFiles(
  subtask: Subtask,
  value: unknown,
  fallbackStorage: StorageView | null,
): OutputView[] {
  const files: OutputView[] = [];
  const seen = new Set<string>();
  let visited = 0;
  const add = (
    role: string,
    storage: StorageView | null,
    file: ReturnType<typeof fileAt>,
    item?: Loose,
  ) => {
    const where = file?.path ?? file?.url;
    if (!file || !where || seen.has(where)) return;
    seen.add(where);
    files.push({
      id: `${subtask.id}/${files.length}`,
      subtaskId: subtask.id,
      subtaskType: subtask.type,
      kind: fileKind(role, where),
      role,
      storage,
      path: file.path,
      url: file.url,
      definition: subtask.definition,
      packageType: null,
      md5: null,
      ...NO_MEDIA_FACTS,
      size: amount(item?.Size),
      duration: amount(item?.Duration),
      imagePaths: [],
      timeOffsets: [],
      webVttPath: null,
    });
  };
  const visit = (node: unknown, storage: StorageView | null, depth: number): void => {
    if (depth > MAX_DEPTH || ++visited > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, storage, depth + 1);
      return;
    }
    const object = record(node);
    if (!object || (depth > 0 && isResultEntry(object))) return;
    const here = storageOf(object.OutputStorage) ?? storage;
    if (text(object.Url) && ('Size' in object || 'Duration' in object)) {
      add('Url', here, fileAt('Url', object.Url), object);
    }
    for (const [key, inner] of Object.entries(object)) {
      if (key.endsWith('Paths'))
        for (const path of texts(inner)) add(key, here, fileAt(key.slice(0, -1), path));
      else if (typeof inner === 'string') add(key, here, fileAt(key, inner));
      else if (inner !== null && typeof inner === 'object') visit(inner, here, depth + 1);
    }
  };
  visit(value, fallbackStorage, 0);
  return files;
}

/**
 * The one output an end user came for: the adaptive stream, else another stream, else the
 * largest video (by size; the first when sizes are unknown), else the first file (an image set
 * gives its first image). Only outputs of steps that succeeded; null when there is none.
 */
export function primaryOutputOf(
  outputs: readonly OutputView[],
  subtasks: readonly Subtask[],
): OutputView | null {
  const failed = new Set(subtasks.filter((s) => s.error).map((s) => s.id));
  const usable = outputs.filter(
    (o) => !failed.has(o.subtaskId) && (o.path || o.url || o.imagePaths.length),
  );
  const streams = usable.filter((o) => o.kind === 'stream');
  const largestVideo = usable
    .filter((o) => o.kind === 'video')
    .reduce<OutputView | null>((a, b) => (a && (a.size ?? 0) >= (b.size ?? 0) ? a : b), null);
  // A file every browser plays first: an HLS playlist plays only where the browser plays HLS
  // itself (Safari), so a page with its own player takes the stream through the `ready` slot.
  const chosen =
    largestVideo ??
    streams.find((o) => o.subtaskType === 'AdaptiveDynamicStreaming') ??
    streams[0] ??
    usable[0];
  if (!chosen) return null;
  return chosen.path || chosen.url ? chosen : { ...chosen, path: chosen.imagePaths[0] };
}
