/** Inline SVG line charts (no chart library): one or more series over a shared x axis. */

/** A point; `note` goes into its tooltip (e.g. the slot of a point placed by time). */
export interface Point {
  x: number;
  y: number;
  note?: string;
}

export interface Series {
  name: string;
  /** A CSS colour. */
  color: string;
  points: Point[];
  /** Holds each value until the next point (balances, counters), instead of a straight line. */
  step?: boolean;
  /** Dashed, so a series lying on another stays visible. */
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  formatY?: (y: number) => string;
  formatX?: (x: number) => string;
  /** x values are Unix seconds: ticks are UTC times (or dates, over more than a day). */
  time?: boolean;
  /** Counts: no fractional y ticks. */
  integerY?: boolean;
  /** What the chart says while it has no points (what it is waiting for). */
  empty?: string;
  testId?: string;
}

const SVG = "http://www.w3.org/2000/svg";
const W = 560;
const H = 220;
const PAD = { left: 56, right: 16, top: 44, bottom: 36 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function lineChart(series: Series[], options: ChartOptions): SVGSVGElement {
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": options.title });
  if (options.testId !== undefined) root.setAttribute("data-testid", options.testId);
  root.appendChild(svg("text", { x: PAD.left, y: 18, class: "chart-title" }, options.title));
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    root.appendChild(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "chart-empty" }, options.empty ?? "no data yet"));
    return root;
  }
  const formatY = options.formatY ?? ((y: number) => y.toLocaleString("en-US", { notation: "compact", maximumSignificantDigits: 3 }));
  // Slots and epoch numbers: whole numbers.
  let [x0, x1] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const formatX = options.formatX ?? (options.time === true ? timeTick(x1 - x0) : (x: number) => Math.round(x).toLocaleString("en-US"));
  let [y0, y1] = [Math.min(0, ...all.map((p) => p.y)), Math.max(...all.map((p) => p.y))];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) y1 = y0 + 1;
  const sx = (x: number): number => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number): number => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);

  // Axes, with the ends and middle of each labelled.
  root.appendChild(svg("line", { x1: PAD.left, y1: sy(y0), x2: W - PAD.right, y2: sy(y0), class: "axis" }));
  root.appendChild(svg("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: "axis" }));
  // A label that repeats its neighbour's (e.g. the middle of epochs 0..1 rounded) is left out.
  const shownX = new Set<string>();
  const shownY = new Set<string>();
  for (const t of [0, 1, 0.5]) {
    const y = y0 + (y1 - y0) * t;
    root.appendChild(svg("line", { x1: PAD.left, y1: sy(y), x2: W - PAD.right, y2: sy(y), class: "grid" }));
    const yLabel = options.integerY === true && !Number.isInteger(y) ? "" : formatY(y);
    if (!shownY.has(yLabel)) root.appendChild(svg("text", { x: PAD.left - 6, y: sy(y) + 4, "text-anchor": "end", class: "tick" }, yLabel));
    shownY.add(yLabel);
    const x = x0 + (x1 - x0) * t;
    const xLabel = formatX(x);
    if (!shownX.has(xLabel)) root.appendChild(svg("text", { x: sx(x), y: H - PAD.bottom + 16, "text-anchor": t === 0 ? "start" : t === 1 ? "end" : "middle", class: "tick" }, xLabel));
    shownX.add(xLabel);
  }
  root.appendChild(svg("text", { x: W - PAD.right, y: H - 4, "text-anchor": "end", class: "tick" }, options.xLabel));

  series.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a.x - b.x);
    if (points.length === 0) return;
    const path: string[] = [];
    points.forEach((p, j) => {
      if (j === 0) path.push(`M${sx(p.x)},${sy(p.y)}`);
      else if (s.step === true) path.push(`H${sx(p.x)}V${sy(p.y)}`);
      else path.push(`L${sx(p.x)},${sy(p.y)}`);
    });
    if (s.step === true) path.push(`H${sx(x1)}`);
    root.appendChild(svg("path", { d: path.join(""), fill: "none", stroke: s.color, "stroke-width": 2, ...(s.dashed === true ? { "stroke-dasharray": "6 4" } : {}) }));
    for (const p of points) {
      const dot = svg("circle", { cx: sx(p.x), cy: sy(p.y), r: 3, fill: s.color });
      const at = options.time === true ? fullTime(p.x) : formatX(p.x);
      dot.appendChild(svg("title", {}, `${s.name}: ${formatY(p.y)} at ${at}${p.note === undefined ? "" : ` (${p.note})`}`));
      root.appendChild(dot);
    }
    // Legend, under the title.
    const lx = PAD.left + 110 * i;
    root.appendChild(svg("rect", { x: lx, y: 26, width: 10, height: 10, fill: s.color }));
    root.appendChild(svg("text", { x: lx + 14, y: 35, class: "legend" }, s.name));
  });
  return root;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** A tick label for Unix seconds, as precise as the axis' span needs (UTC, as the page's tables). */
function timeTick(span: number): (x: number) => string {
  return (x) => {
    const d = new Date(x * 1000);
    const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
    if (span > 86_400) return `${d.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${d.getUTCDate()} ${hm}`;
    return span < 600 ? `${hm}:${pad2(d.getUTCSeconds())}` : hm;
  };
}

const fullTime = (x: number): string => new Date(x * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
