// <pl-bar-chart .buckets=${[{start, counts: {allow: 3, …}}]} .series=${[{key, label}]}>:
// stacked bars, one per time bucket, drawn as inline SVG (no chart library:
// it would cost more than the whole console). The chart is an image with a
// text alternative; the numbers are also given as a table for screen
// readers. It is drawn at the width it is given (a ResizeObserver), so its
// labels keep their size on a phone and on a wide screen.
import { html, svg, nothing } from 'lit';
import { LightElement } from './light-element.js';

const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

function niceMax(n) {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

const hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

class BarChart extends LightElement {
  static properties = {
    buckets: { attribute: false },
    series: { attribute: false },
    label: {},
    width: { state: true },
  };

  connectedCallback() {
    super.connectedCallback();
    this.observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0].contentRect.width);
      if (w > 0 && w !== this.width) this.width = w;
    });
    this.observer.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.observer.disconnect();
  }

  render() {
    const W = Math.max(240, this.width || 720);
    const buckets = this.buckets || [];
    const series = this.series || [];
    if (!buckets.length) return nothing;
    const totals = buckets.map((b) => series.reduce((n, s) => n + (b.counts[s.key] || 0), 0));
    const max = niceMax(Math.max(0, ...totals));
    const innerW = W - PAD.left - PAD.right;
    const innerH = H - PAD.top - PAD.bottom;
    const slot = innerW / buckets.length;
    const barW = Math.max(2, slot * 0.72);
    const y = (v) => PAD.top + innerH - (v / max) * innerH;
    const ticks = [0, max / 2, max];
    // About 70 px per time label.
    const labelEvery = [3, 4, 6, 8, 12].find((n) => n * slot >= 70) || 12;
    const sums = series.map((s) => buckets.reduce((n, b) => n + (b.counts[s.key] || 0), 0));
    const alt = `${this.label || 'Chart'}: ${series.map((s, i) => `${sums[i]} ${s.label.toLowerCase()}`).join(', ')}.`;
    return html`<figure class="chart">
      <svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="img" aria-label=${alt} class="chart-svg">
        ${ticks.map(
          (t) => svg`<line class="chart-grid" x1=${PAD.left} x2=${W - PAD.right} y1=${y(t)} y2=${y(t)}></line>
            <text class="chart-axis" x=${PAD.left - 6} y=${y(t) + 4} text-anchor="end">${t}</text>`,
        )}
        ${buckets.map((b, i) => {
          let base = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return svg`<g>
            ${series.map((s) => {
              const v = b.counts[s.key] || 0;
              if (!v) return nothing;
              const top = y(base + v);
              const height = y(base) - top;
              base += v;
              return svg`<rect class="chart-bar chart-${s.key}" x=${x} y=${top} width=${barW} height=${Math.max(1, height)}></rect>`;
            })}
            ${i % labelEvery === 0
              ? svg`<text class="chart-axis" x=${x + barW / 2} y=${H - 8} text-anchor="middle">${hourFormat.format(new Date(b.start))}</text>`
              : nothing}
          </g>`;
        })}
      </svg>
      <figcaption class="chart-legend">
        ${series.map(
          (s, i) => html`<span class="legend-item"><span class="legend-swatch chart-${s.key}" aria-hidden="true"></span>${s.label}: ${sums[i]}</span>`,
        )}
      </figcaption>
      <table class="visually-hidden">
        <caption>${this.label || 'Chart'}, by hour</caption>
        <thead><tr><th scope="col">Hour starting</th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
        <tbody>
          ${buckets.map(
            (b) => html`<tr><th scope="row">${hourFormat.format(new Date(b.start))}</th>${series.map((s) => html`<td>${b.counts[s.key] || 0}</td>`)}</tr>`,
          )}
        </tbody>
      </table>
    </figure>`;
  }
}

customElements.define('pl-bar-chart', BarChart);
