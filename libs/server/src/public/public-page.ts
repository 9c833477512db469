import { eurosLabel, parisDate } from '../exports/tabular';
import type { PublicList } from './public.service';
import { regionMapSvg } from './region-map';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => ESC[c]);

const STYLE = `
body{margin:0;font-family:Marianne,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#161616;background:#fff;line-height:1.5}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header.bandeau{border-bottom:1px solid #ddd;box-shadow:0 2px 6px rgba(0,0,18,.16)}
.bandeau .inner,main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem}
.marianne{font-weight:700;text-transform:uppercase;line-height:1.1;font-size:.95rem;display:inline-block;border-left:0}
.marianne::before{content:"";display:block;width:2.5rem;height:.9rem;margin-bottom:.35rem;background:linear-gradient(90deg,#000091 33%,#fff 33% 66%,#e1000f 66%)}
.service{font-size:1.25rem;font-weight:700;margin:.5rem 0 0}
h1{font-size:2rem;line-height:1.25;margin:1.5rem 0 .5rem}h2{font-size:1.5rem;margin:2rem 0 .5rem}
.chapo{font-size:1.125rem;color:#3a3a3a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
caption{text-align:left;font-weight:700;padding:.5rem 0}
th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid #ddd;vertical-align:top}
thead th{background:#e3e3fd;color:#000091}
td.montant,th.montant{text-align:right;white-space:nowrap}
.barre{display:inline-block;height:.75rem;background:#000091;vertical-align:middle;margin-right:.5rem}
a{color:#000091}a:focus,button:focus{outline:2px solid #0a76f6;outline-offset:2px}
.repartition{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}.repartition table{flex:1 1 24rem;width:auto}
figure{margin:0;flex:0 1 auto}figcaption{font-size:.875rem;color:#3a3a3a;max-width:340px}.carte{max-width:100%;height:auto}
footer{border-top:2px solid #000091;margin-top:3rem}footer .inner{max-width:78rem;margin:0 auto;padding:1rem 1.5rem;font-size:.875rem;color:#3a3a3a}
`;

function layout(title: string, body: string, dsfrCss: boolean): string {
  return `<!doctype html>
<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${dsfrCss ? '<link rel="stylesheet" href="/dsfr/dsfr.min.css">' : ''}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="bandeau" role="banner"><div class="inner">
<p class="marianne">République<br>Française</p>
<p class="service">Pôles territoriaux de coopération économique</p>
</div></header>
<main id="contenu" role="main" tabindex="-1">
${body}
</main>
<footer role="contentinfo"><div class="inner">Liste publiée par le ministère chargé de l’économie sociale et solidaire. Aucune donnée personnelle n’est publiée.</div></footer>
</body>
</html>
`;
}

export function notPublishedPage(message: string, dsfrCss: boolean): string {
  return layout('Liste des lauréats non publiée', `<h1>Liste non publiée</h1><p class="chapo">${esc(message)}</p>`, dsfrCss);
}

/** The public list, grouped by region: a summary table per region (the accessible stand-in for a map), then one table per region. */
export function laureatsPage(list: PublicList, links: { json: string; csv: string }, dsfrCss: boolean): string {
  const phase2 = list.phase === 2;
  const groups = new Map<string, { label: string; rows: PublicList['laureats'] }>();
  for (const l of list.laureats) {
    const g = groups.get(l.region) ?? { label: l.regionLabel, rows: [] };
    g.rows.push(l);
    groups.set(l.region, g);
  }
  const max = Math.max(1, ...[...groups.values()].map((g) => g.rows.length));
  const title = `Lauréats de la phase ${list.phase} – ${list.campaignName}`;
  const summary = `
<table>
<caption>Répartition des ${list.laureats.length} lauréats par région</caption>
<thead><tr><th scope="col">Région</th><th scope="col">Lauréats</th>${phase2 ? '<th scope="col" class="montant">Montant attribué</th>' : ''}</tr></thead>
<tbody>
${[...groups.entries()]
  .map(
    ([code, g]) =>
      `<tr><th scope="row"><a href="#region-${esc(code)}">${esc(g.label)}</a></th><td><span class="barre" aria-hidden="true" style="width:${Math.round((g.rows.length / max) * 12)}rem"></span>${g.rows.length}</td>${
        phase2 ? `<td class="montant">${esc(eurosLabel(g.rows.reduce((s, r) => s + (r.amountCents ?? 0), 0)))}</td>` : ''
      }</tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const sections = [...groups.entries()]
    .map(
      ([code, g]) => `
<section aria-labelledby="region-${esc(code)}">
<h2 id="region-${esc(code)}">${esc(g.label)}</h2>
<table>
<caption>Lauréats en ${esc(g.label)} (${g.rows.length})</caption>
<thead><tr><th scope="col">Projet</th><th scope="col">Structure porteuse</th>${phase2 ? '<th scope="col" class="montant">Montant attribué</th>' : ''}</tr></thead>
<tbody>
${g.rows
  .map(
    (r) =>
      `<tr><td>${esc(r.projectName)}</td><td>${esc(r.structureName)}</td>${phase2 ? `<td class="montant">${esc(eurosLabel(r.amountCents ?? 0))}</td>` : ''}</tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>`,
    )
    .join('\n');
  const map = regionMapSvg(new Map([...groups.entries()].map(([code, g]) => [code, g.rows.length])), `Carte des lauréats par région`);
  const body = `
<h1>${esc(title)}</h1>
<p class="chapo">Liste publiée le ${esc(parisDate(list.publishedAt))} : ${list.laureats.length} lauréat${list.laureats.length > 1 ? 's' : ''}, par région.</p>
<p>Télécharger la liste : <a href="${esc(links.csv)}" download>format CSV</a> · <a href="${esc(links.json)}">format JSON</a></p>
${list.laureats.length ? `<div class="repartition">${summary}<figure>${map}<figcaption>Carte schématique : une case par région, plus foncée quand elle compte plus de lauréats.</figcaption></figure></div>${sections}` : '<p>Aucun lauréat.</p>'}`;
  return layout(title, body, dsfrCss);
}
