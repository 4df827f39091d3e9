// The pulse check as one SVG page, for saving as a PNG or PDF (drawn by the core, which has
// the fonts; a web view's canvas will not export HTML). The figures are laid out as text
// rows; the charts are the very SVGs on screen, recoloured to the light palette so a saved
// report reads on paper whichever theme the window is in.

export type Palette = {
  bg: string;
  panel: string;
  text: string;
  muted: string;
  line: string;
  series: string[];
};

export const LIGHT: Palette = {
  bg: "#faf7f4",
  panel: "#ffffff",
  text: "#2b2420",
  muted: "#7a6d64",
  line: "#e6ddd5",
  series: ["#c25f3c", "#2e7d4f", "#2f6fdb", "#b3261e", "#8a6d1f"],
};

export const DARK: Palette = {
  bg: "#1c1917",
  panel: "#262220",
  text: "#f1ebe6",
  muted: "#a89b91",
  line: "#3a3431",
  series: ["#e0825f", "#7fcf9f", "#7aa7ff", "#f2867e", "#e8b75a"],
};

export type ReportSection = { heading: string; rows: [string, string][] };
export type ReportChart = { heading: string; svg: SVGSVGElement; legend: { label: string; color: string }[] };

const WIDTH = 900;
const MARGIN = 40;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Each colour of the dark palette, as its light counterpart. */
function toLight(svg: string, from: Palette): string {
  if (from === LIGHT) return svg;
  const pairs: [string, string][] = [
    [from.text, LIGHT.text],
    [from.muted, LIGHT.muted],
    [from.line, LIGHT.line],
    [from.panel, LIGHT.panel],
    [from.bg, LIGHT.bg],
    ...from.series.map((c, i): [string, string] => [c, LIGHT.series[i]]),
  ];
  let out = svg;
  for (const [a, b] of pairs) out = out.split(a).join(b).split(a.toUpperCase()).join(b);
  return out;
}

/** The chart library numbers its ids by how often it has drawn; a saved page names them by
 * their place in it instead, so the same figures always save as the same file. */
function stableIds(xml: string, prefix: string): string {
  const ids = [...xml.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  let out = xml;
  ids.forEach((id, i) => {
    const to = `${prefix}${i}`;
    out = out.split(`id="${id}"`).join(`id="${to}"`).split(`#${id})`).join(`#${to})`).split(`"#${id}"`).join(`"#${to}"`);
  });
  return out;
}

function chartXml(svg: SVGSVGElement, x: number, y: number, palette: Palette, prefix: string): { xml: string; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const w = Number(svg.getAttribute("width")) || 600;
  const h = Number(svg.getAttribute("height")) || 260;
  copy.removeAttribute("style");
  copy.removeAttribute("class");
  copy.setAttribute("x", String(x));
  copy.setAttribute("y", String(y));
  copy.setAttribute("width", String(w));
  copy.setAttribute("height", String(h));
  if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", `0 0 ${w} ${h}`);
  return { xml: stableIds(toLight(new XMLSerializer().serializeToString(copy), palette), prefix), height: h };
}

/** The whole report, as standalone SVG text. */
export function reportSvg(r: {
  title: string;
  subtitle: string;
  sections: ReportSection[];
  charts: ReportChart[];
  note?: string;
  palette: Palette;
}): string {
  const p = LIGHT;
  const parts: string[] = [];
  let y = MARGIN + 28;
  parts.push(`<text x="${MARGIN}" y="${y}" font-size="28" font-weight="bold" fill="${p.text}">${esc(r.title)}</text>`);
  y += 26;
  parts.push(`<text x="${MARGIN}" y="${y}" font-size="14" fill="${p.muted}">${esc(r.subtitle)}</text>`);
  y += 24;
  for (const s of r.sections) {
    y += 22;
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="17" font-weight="bold" fill="${p.text}">${esc(s.heading)}</text>`);
    y += 6;
    for (const [label, value] of s.rows) {
      y += 22;
      parts.push(`<line x1="${MARGIN}" x2="${WIDTH - MARGIN}" y1="${y + 7}" y2="${y + 7}" stroke="${p.line}" stroke-width="1"/>`);
      parts.push(`<text x="${MARGIN}" y="${y}" font-size="13" fill="${p.text}">${esc(label)}</text>`);
      parts.push(`<text x="${WIDTH - MARGIN}" y="${y}" font-size="13" font-weight="bold" text-anchor="end" fill="${p.text}">${esc(value)}</text>`);
    }
    y += 10;
  }
  for (const [i, c] of r.charts.entries()) {
    y += 34;
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="17" font-weight="bold" fill="${p.text}">${esc(c.heading)}</text>`);
    y += 10;
    let lx = MARGIN;
    for (const l of c.legend) {
      parts.push(`<rect x="${lx}" y="${y + 4}" width="12" height="12" rx="2" fill="${esc(toLight(l.color, r.palette))}"/>`);
      parts.push(`<text x="${lx + 18}" y="${y + 15}" font-size="12" fill="${p.text}">${esc(l.label)}</text>`);
      lx += 30 + l.label.length * 7;
    }
    if (c.legend.length) y += 24;
    const { xml, height } = chartXml(c.svg, MARGIN, y, r.palette, `chart${i}-`);
    parts.push(xml);
    y += height;
  }
  if (r.note) {
    y += 30;
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="12" fill="${p.muted}">${esc(r.note)}</text>`);
  }
  const height = Math.ceil(y + MARGIN);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">` +
    `<rect width="${WIDTH}" height="${height}" fill="${p.panel}"/>` +
    parts.join("") +
    `</svg>`
  );
}
