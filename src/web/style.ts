/**
 * The site's one stylesheet, served at `/style.css` (a local file: the CSP allows styles from the site
 * only). System fonts, no images; contrast at least 4.5:1; one column under 720 px; print drops navigation.
 */
export const STYLE_CSS = `
:root{--fg:#1b1f24;--muted:#505a66;--bg:#fff;--line:#d5dae0;--accent:#0b57a4;--soft:#f3f6f9;--warn:#8a1c1c;--ok:#1d6b38}
*{box-sizing:border-box}
html{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:2}
header.site{background:#12324f;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center}
header.site a{color:#fff;text-decoration:none}
header.site .brand{font-weight:700;font-size:1.1rem}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header.site nav a[aria-current=page]{text-decoration:underline;text-underline-offset:4px}
main{max-width:72rem;margin:0 auto;padding:1rem}
footer.site{max-width:72rem;margin:2rem auto 1rem;padding:0 1rem;color:var(--muted);font-size:.875rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:1rem}
form.search .q{flex:1 1 20rem;display:flex;flex-direction:column}
label{font-weight:600;font-size:.9rem}
input[type=search],select,input[type=text]{font:inherit;padding:.45rem .6rem;border:1px solid #6b7682;border-radius:4px;min-height:2.5rem;max-width:100%}
button{font:inherit;padding:.45rem 1rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;min-height:2.5rem;cursor:pointer}
.layout{display:grid;grid-template-columns:15rem 1fr;gap:1.5rem}
.facets h2{font-size:1rem;margin:1rem 0 .25rem}
.facets ul{list-style:none;margin:0;padding:0}
.facets li{display:flex;justify-content:space-between;gap:.5rem;padding:.1rem 0}
.facets .count{color:var(--muted);font-variant-numeric:tabular-nums}
.facets .on{font-weight:700}
.to-filters{display:none}
.summary{color:var(--muted);margin:.25rem 0 1rem}
ol.hits{list-style:none;margin:0;padding:0}
ol.hits li{padding:.75rem 0;border-bottom:1px solid var(--line)}
.hit-title{font-size:1.05rem;font-weight:600}
.meta{color:var(--muted);font-size:.9rem}
.snippet{margin:.25rem 0 0}
mark{background:#fff0a8;color:inherit;padding:0 .1em}
.badge{display:inline-block;font-size:.75rem;font-weight:700;border:1px solid currentColor;border-radius:3px;padding:0 .3rem;margin-right:.3rem;color:#234;vertical-align:.1em}
.badge.retracted{color:var(--warn)}
.badge.updated{color:var(--ok)}
.pager{display:flex;gap:1rem;margin:1rem 0;flex-wrap:wrap}
.notice{border-left:4px solid var(--warn);background:#fdf1f1;padding:.5rem .75rem;margin:1rem 0}
.info{border-left:4px solid var(--accent);background:var(--soft);padding:.5rem .75rem;margin:1rem 0}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.fields dt{font-weight:600}
dl.fields dd{margin:0}
.abstract p{margin:.25rem 0 .75rem}
.abstract .label{font-weight:700}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.num{text-align:right}
.when{white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}
/* Evidence page: the tables scroll sideways in a focusable box; design labels and the caption stay in view. */
.evidence-filter{margin:.5rem 0 1rem}
.evidence-table:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.evidence-table table{border-collapse:separate;border-spacing:0}
.evidence-table th,.evidence-table td{border-width:0 1px 1px 0}
.evidence-table thead th{border-top-width:1px}
.evidence-table tr>:first-child{position:sticky;left:0;z-index:1;background:var(--soft);border-left-width:1px}
.evidence-table caption{position:sticky;left:0;max-width:calc(100vw - 2rem)}
@media print{.evidence-filter{display:none}.evidence-table{overflow:visible}.evidence-table tr>:first-child,.evidence-table caption{position:static;max-width:none}}
.cite textarea{width:100%;min-height:9rem;font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace}
.cite details{margin:.25rem 0}
.print-only{display:none}
.downloads a{margin-right:1rem}
nav.neighbours{display:grid;grid-template-columns:1fr auto 1fr;gap:.5rem 1rem;align-items:start;border-bottom:1px solid var(--line);padding:.25rem 0 .75rem;margin-bottom:.75rem}
nav.neighbours .where{text-align:center;color:var(--muted);font-size:.9rem}
nav.neighbours .next{text-align:right}
ul.inline{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
@media (max-width:720px){.layout{grid-template-columns:1fr}.to-filters{display:block}.facets{order:2}dl.fields{grid-template-columns:1fr}dl.fields dt{margin-top:.5rem}nav.neighbours{grid-template-columns:1fr 1fr}nav.neighbours .where{grid-column:1/3;grid-row:1}}
@media print{header.site,.facets,form.search,.pager,.skip,.downloads,footer.site,nav.neighbours{display:none}main{max-width:none;padding:0}a{color:inherit}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em}a[data-print-url]::after{content:" (" attr(data-print-url) ")";font-size:.8em}.cite textarea,.cite label,.cite .download,.cite details:not([open]){display:none}.cite summary{list-style:none;font-weight:600}.print-only{display:block}.cite pre.print-only{white-space:pre-wrap;overflow-wrap:anywhere;font:.8rem/1.4 ui-monospace,Menlo,Consolas,monospace;margin:.25rem 0 .75rem}}
`;
