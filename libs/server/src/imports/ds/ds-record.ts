import { normaliseLabel } from '@ptce/domain';
import type { SourceRecord } from '../mapping/map-record';
import type { SourceValue } from '../mapping/values';
import type { DsChampNode, DsDossierNode } from './ds-queries';

/** A champ as the mapping reads it, by its DS type. */
export function champValue(c: DsChampNode): SourceValue {
  const text = c.stringValue ?? null;
  switch (c.__typename) {
    case 'TextChamp':
      return { kind: 'text', text: c.text ?? text };
    case 'RegionChamp':
      return { kind: 'region', code: c.region?.code ?? null, name: c.region?.name ?? text };
    case 'YesNoChamp':
      return { kind: 'boolean', value: c.yesNo ?? null, text };
    case 'CheckboxChamp':
      return { kind: 'boolean', value: c.checked ?? null, text };
    case 'DateChamp':
      return { kind: 'date', date: c.date ?? null, text };
    case 'DropDownListChamp':
      return { kind: 'text', text: c.choice ?? text };
    case 'MultipleDropDownListChamp':
      return { kind: 'list', values: c.values ?? [] };
    case 'DecimalNumberChamp':
      return { kind: 'number', value: c.decimal ?? null, text };
    case 'IntegerNumberChamp':
      return { kind: 'number', value: c.integer === null || c.integer === undefined ? null : Number(c.integer), text };
    case 'PieceJustificativeChamp':
      return {
        kind: 'files',
        files: (c.files ?? []).map((f) => ({
          filename: f.filename,
          contentType: f.contentType,
          byteSize: Number(f.byteSizeBigInt),
          checksum: f.checksum,
          url: f.url,
        })),
      };
    case 'RepetitionChamp':
      return { kind: 'rows', rows: (c.rows ?? []).map((r) => new Map(r.champs.map((x) => [normaliseLabel(x.label), x.stringValue ?? null]))) };
    default:
      return { kind: 'text', text };
  }
}

/** A DS dossier (API answer) read into the shape the mapping takes. */
export function dsRecord(d: DsDossierNode): SourceRecord {
  const champs = new Map<string, SourceValue>();
  for (const c of d.champs ?? []) {
    if (c.__typename === 'HeaderSectionChamp' || c.__typename === 'ExplicationChamp') continue;
    const key = normaliseLabel(c.label);
    if (!champs.has(key)) champs.set(key, champValue(c));
  }
  const dem = d.demandeur;
  let demandeur: SourceRecord['demandeur'];
  if (!dem) demandeur = { kind: 'absent' };
  else if (dem.__typename === 'PersonneMorale') {
    demandeur = {
      kind: 'morale',
      siret: dem.siret,
      name: dem.entreprise?.raisonSociale || dem.association?.titre || null,
      legalForm: dem.entreprise?.formeJuridique ?? null,
      legalFormCode: dem.entreprise?.formeJuridiqueCode ?? null,
      regionCode: dem.address?.regionCode ?? dem.address?.regionName ?? null,
      incomplete: !dem.entreprise,
    };
  } else if (dem.__typename === 'PersonneMoraleIncomplete') {
    demandeur = { kind: 'morale', siret: dem.siret, name: null, legalForm: null, legalFormCode: null, regionCode: null, incomplete: true };
  } else {
    demandeur = { kind: 'physique', name: `${dem.prenom} ${dem.nom}`.trim() };
  }
  const deposited = Date.parse(d.dateDepot);
  return { dsNumber: d.number, depositedAt: Number.isNaN(deposited) ? null : new Date(deposited), demandeur, champs };
}
