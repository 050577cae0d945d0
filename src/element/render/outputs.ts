import { html, nothing } from 'lit';
import type { OutputKind, OutputView, StepFact, Subtask } from '../../core/view.js';
import { outputIcons } from './output-icons.js';
import type { PartContext } from './context.js';
import { copyButton, joinFacts, maybe, pathText, sectionTitle, showMoreButton } from './pieces.js';

const KIND_ICON: Record<OutputKind, keyof typeof outputIcons> = {
  video: 'video',
  audio: 'audio',
  stream: 'stream',
  animation: 'animation',
  image: 'image',
  sprite: 'sprite',
  subtitle: 'subtitle',
  file: 'file',
};

/** Before a subtask has an output, its type tells what it will make. */
const TYPE_ICON: Record<string, keyof typeof outputIcons> = {
  Transcode: 'video',
  EditMedia: 'video',
  AdaptiveDynamicStreaming: 'stream',
  SnapshotByTimeOffset: 'image',
  SampleSnapshot: 'image',
  CoverBySnapshot: 'image',
  ImageSprites: 'sprite',
  AnimatedGraphics: 'animation',
};

/** A thumbnail that cannot load disappears instead of showing a broken-image icon. */
const hideBroken = (e: Event) => ((e.target as HTMLElement).hidden = true);

/** Formats a file's extension names better than its container does. */
const BY_EXTENSION: Record<string, string> = { m3u8: 'HLS', mpd: 'DASH' };

/**
 * The file's format: "MP4" for a `.mp4`, "HLS" for a playlist. MPS reports media containers as
 * ffmpeg's demuxer list (`mov,mp4,m4a,3gp,3g2,mj2` for every MP4), whose first name is wrong, so
 * the path's extension decides; the container's first name only when there is no extension.
 */
export function containerName(container: string | null, path?: string | null): string | null {
  const extension = /\.(\w{2,5})$/.exec(path ?? '')?.[1].toLowerCase();
  if (extension) return BY_EXTENSION[extension] ?? extension.toUpperCase();
  const first = container?.split(',')[0].trim();
  if (!first) return null;
  return first === 'hls' ? 'HLS' : first.toUpperCase();
}

/** What a step made, by its own facts: "HLS 240p", "MP4 720p"; null before it has an output. */
export function outputName(first: OutputView | undefined): string | null {
  if (!first) return null;
  const format = containerName(first.container, first.path) ?? first.packageType;
  return [format, first.height && `${first.height}p`].filter(Boolean).join(' ') || null;
}

/** The step and its template, beside the output's name: "Transcode · template 210". */
export function groupLabel(ctx: PartContext, sub: Subtask): string {
  return joinFacts([
    ctx.strings.subtask[sub.type] ?? sub.type,
    sub.definition != null ? ctx.strings.template(sub.definition) : null,
  ]);
}

function subState(ctx: PartContext, sub: Subtask) {
  if (sub.error) return html`<span class="sub-state fail">${ctx.strings.subtaskStatus.FAIL}</span>`;
  if (sub.status === 'PROCESSING') {
    return html`<span class="sub-state"
      >${sub.progress != null ? ctx.format.percent(sub.progress) : ctx.strings.subtaskStatus.PROCESSING}</span
    >`;
  }
  return html`<span class="sub-state"
    >${ctx.strings.subtaskStatus[sub.status] ?? sub.status}</span
  >`;
}

function facts(ctx: PartContext, o: OutputView): string {
  const f = ctx.format;
  return joinFacts([
    o.width && o.height ? `${o.width}×${o.height}` : null,
    maybe(o.bitrate, f.bitrate),
    maybe(o.size, f.bytes),
    maybe(o.duration, f.clock),
    containerName(o.container, o.path),
    // 29.97 fps is not 30 fps; a number never breaks from its unit.
    o.videoCodec ? (o.fps ? `${o.videoCodec} ${f.number(o.fps, 2)}\u00a0fps` : o.videoCodec) : null,
    o.audioCodec
      ? o.sampleRate
        ? `${o.audioCodec} ${f.number(o.sampleRate / 1000, 1)}\u00a0kHz`
        : o.audioCodec
      : null,
  ]);
}

/** Paths listed per output: a sample snapshot every second of a long film would be thousands. */
const MAX_LISTED_PATHS = 50;

function images(ctx: PartContext, o: OutputView) {
  if (!o.imagePaths.length) return nothing;
  const listed = o.imagePaths.slice(0, MAX_LISTED_PATHS);
  const urls = listed.map((p) => ctx.urlFor(o, p));
  const shown = urls.filter((u): u is string => !!u).slice(0, 6);
  const more = o.imagePaths.length - listed.length;
  return html`${shown.length ? html`<div class="thumbs">${shown.map((u) => html`<img src=${u} alt="" loading="lazy" decoding="async" @error=${hideBroken} />`)}</div>` : nothing}
    <details class="paths">
      <summary>${ctx.strings.images(o.imagePaths.length)}</summary>
      <ul>
        ${listed.map((p, i) => html`<li class="path-row">${pathText(p, urls[i])}</li>`)}${more > 0 ? html`<li class="facts">${ctx.strings.andMore(more)}</li>` : nothing}
      </ul>
    </details>`;
}

/** A long finding (a generated summary, a transcript) shows its start; the rest on request. */
const CLAMP = 140;

function factValue(ctx: PartContext, fact: StepFact) {
  const { strings, format } = ctx;
  const { value } = fact;
  if (typeof value === 'boolean') return value ? strings.yes : strings.no;
  if (typeof value === 'number') return format.number(value, 1);
  if (fact.key === 'suggestion') return strings.suggestion[value] ?? value;
  if (value.length <= CLAMP) return value;
  return html`<details class="long">
    <summary>${value.slice(0, CLAMP)}…</summary>
    ${value}
  </details>`;
}

/** What a step found (quality, review, labels, text, watermark), one line per finding. */
export function factList(ctx: PartContext, facts: readonly StepFact[]) {
  if (!facts.length) return nothing;
  return html`<dl class="findings" part="findings">
    ${facts.map(
      (fact) =>
        html`<div>
          <dt>${ctx.strings.fact[fact.key] ?? fact.key}</dt>
          <dd>${factValue(ctx, fact)}</dd>
        </div>`,
    )}
  </dl>`;
}

function outputRow(ctx: PartContext, o: OutputView) {
  const location = o.path ?? o.url;
  const href = location ? ctx.urlFor(o) : null;
  const text = facts(ctx, o);
  const role = o.role && o.role !== 'Path' ? (ctx.strings.role[o.role] ?? o.role) : null;
  return html`<li class="output" part="output">
    ${location ? html`<div class="path-row">${role ? html`<span class="facts">${role}</span>` : nothing}${pathText(location, href)}${copyButton(ctx, location, o.id, ctx.strings.copyPath)}</div>` : nothing}
    ${text ? html`<div class="facts">${text}</div>` : nothing} ${images(ctx, o)}
    ${o.webVttPath ? html`<div class="path-row"><span class="facts">${ctx.strings.subtitles}</span>${pathText(o.webVttPath, ctx.urlFor(o, o.webVttPath))}${copyButton(ctx, o.webVttPath, o.id + '-vtt', ctx.strings.copyPath)}</div>` : nothing}
  </li>`;
}

/** Outputs grouped by the subtask that made them, with each subtask's state or error. */
export function outputsSection(ctx: PartContext) {
  const task = ctx.task;
  if (!task || task.subtasks.length === 0) return nothing;
  const bySub = new Map<string, OutputView[]>();
  for (const o of task.outputs) {
    const list = bySub.get(o.subtaskId);
    if (list) list.push(o);
    else bySub.set(o.subtaskId, [o]);
  }
  const shown = task.subtasks.slice(0, ctx.listLimit);
  // Two steps of one kind with nothing else to tell them apart ("AI analysis" twice) are numbered.
  const labels = shown.map((sub) => groupLabel(ctx, sub));
  const named = shown.map((sub, i) => outputName(bySub.get(sub.id)?.[0]) ?? labels[i]);
  const keys = shown.map((_, i) => named[i] + labels[i]);
  /** The output's name, then the step and template (muted); twins end in their number. */
  const title = (i: number) => {
    const same = (k: string) => k === keys[i];
    const n = keys.filter(same).length > 1 ? ` ${keys.slice(0, i + 1).filter(same).length}` : '';
    return named[i] === labels[i]
      ? named[i] + n
      : html`${named[i]} <span class="sub-state">${labels[i]}${n}</span>`;
  };
  return html`<section part="outputs">
    ${sectionTitle(ctx, task.outputs.length ? `${ctx.strings.outputs} · ${ctx.strings.outputCount(task.outputs.length)}` : ctx.strings.outputs)}
    <ul class="groups">
      ${shown.map((sub, i) => {
        const outs = bySub.get(sub.id) ?? [];
        const icon = outs[0] ? KIND_ICON[outs[0].kind] : (TYPE_ICON[sub.type] ?? 'file');
        return html`<li class="group" part="output-group">
          <div class="group-head">
            ${outputIcons[icon]()}<span class="label">${title(i)}</span>${subState(ctx, sub)}
          </div>
          ${sub.error ? html`<div class="sub-error" part="subtask-error"><span class="code">${sub.error.code}</span> ${sub.error.message}</div>` : nothing}
          ${factList(ctx, sub.facts)}
          ${
            outs.length
              ? html`<ul>
                  ${outs.map((o) => outputRow(ctx, o))}
                </ul>`
              : nothing
          }
        </li>`;
      })}
    </ul>
    ${showMoreButton(ctx, task.subtasks.length)}
  </section>`;
}
