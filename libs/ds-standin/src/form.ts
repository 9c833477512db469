/**
 * The démarche's form as the ministry would build it on DS: champ labels are the dossier's headings (DOMAIN.md,
 * "The DS form"). Each entry says which champ type DS returns in `champs` and which descriptor type it lists in
 * `activeRevision.champDescriptors` (they differ: e-mail, phone and textarea champs come back as `TextChamp`).
 */
import { REGIONS as DOMAIN_REGIONS } from '@ptce/domain';
import type { DsChampTypename } from './types';

export const LABELS = {
  nomProjet: 'Nom du projet',
  region: 'Région',
  nomReferent: 'Nom de la personne référente',
  courrielReferent: 'Courriel de la personne référente',
  telephoneReferent: 'Téléphone de la personne référente',
  descriptionStructure: 'Description de la structure porteuse',
  statuts: 'Statuts de la structure porteuse',
  agrementEsus: 'Agrément ESUS',
  dateAgrementEsus: "Date de l'agrément ESUS",
  objectifs: 'Objectifs et vision stratégique du PTCE',
  acteurs: 'Acteurs impliqués',
  gouvernance: 'Mode de gouvernance',
  perimetre: 'Périmètre géographique et ancrage territorial',
  territoireFragile: 'Territoire fragile',
  financement: 'Financement prévisionnel',
  montantDemande: 'Montant demandé',
  actions: 'Actions engagées ou envisagées',
  indicateurs: "Indicateurs de suivi et d'évaluation",
  impact: 'Impact durable sur le territoire',
  planActions: "Plan d'actions prévisionnel sur 3 ans",
  implicationMembres: 'Implication des membres',
  coordination: "Coordination avec d'autres dispositifs",
  // A repetition champ (bloc répétable), one row per member: the structured member list (issue 15; seed 001).
  membres: 'Membres du PTCE',
} as const;

/** The sub-champs of "Membres du PTCE", one row per member. */
export const MEMBER_LABELS = { nom: 'Nom du membre', siret: 'SIRET du membre', nature: 'Nature du membre' } as const;
export const MEMBER_NATURES = [
  'Structure de l’ESS',
  'Entreprise industrielle ou commerciale',
  'Collectivité locale',
  'Centre de recherche',
  'Organisme de formation',
  'Institution',
  'Autre',
] as const;

export type FieldKey = keyof typeof LABELS;

export const TERRITOIRE_FRAGILE_OPTIONS = ['QPV', 'ZRR', "Bassin d'emploi désindustrialisé", 'Aucun'] as const;

// DS's region champ uses the INSEE codes and names of the 18 current regions: the domain lib's list.
export const REGIONS: readonly { code: string; name: string }[] = DOMAIN_REGIONS;

export function regionName(code: string): string {
  const r = REGIONS.find((x) => x.code === code);
  if (!r) throw new Error(`unknown region code ${code}`);
  return r.name;
}

export interface FormEntry {
  /** DS's stable id for the champ descriptor (the same across dossiers and revisions). */
  stableId: number;
  key: FieldKey | null;
  label: string;
  champType: DsChampTypename;
  descriptorType: string;
  /** The deprecated `type` enum (TypeDeChamp) of the descriptor. */
  typeDeChamp: string;
  required: boolean;
  description?: string;
  options?: readonly string[];
  level?: number;
}

const header = (stableId: number, label: string): FormEntry => ({
  stableId,
  key: null,
  label,
  champType: 'HeaderSectionChamp',
  descriptorType: 'HeaderSectionChampDescriptor',
  typeDeChamp: 'header_section',
  required: false,
  level: 1,
});

const textarea = (stableId: number, key: FieldKey, required = true, description?: string): FormEntry => ({
  stableId,
  key,
  label: LABELS[key],
  champType: 'TextChamp',
  descriptorType: 'TextareaChampDescriptor',
  typeDeChamp: 'textarea',
  required,
  description,
});

/** The form of the given phase, in DS order (phase 2 adds "Montant demandé"). */
export function formFor(phase: 1 | 2): FormEntry[] {
  const entries: FormEntry[] = [
    header(100, 'Le projet'),
    {
      stableId: 101,
      key: 'nomProjet',
      label: LABELS.nomProjet,
      champType: 'TextChamp',
      descriptorType: 'TextChampDescriptor',
      typeDeChamp: 'text',
      required: true,
    },
    {
      stableId: 102,
      key: 'region',
      label: LABELS.region,
      champType: 'RegionChamp',
      descriptorType: 'RegionChampDescriptor',
      typeDeChamp: 'regions',
      required: true,
    },
    header(110, 'La structure porteuse'),
    textarea(111, 'descriptionStructure'),
    {
      stableId: 112,
      key: 'statuts',
      label: LABELS.statuts,
      champType: 'PieceJustificativeChamp',
      descriptorType: 'PieceJustificativeChampDescriptor',
      typeDeChamp: 'piece_justificative',
      required: true,
      description: 'Statuts à jour, signés (PDF).',
    },
    {
      stableId: 113,
      key: 'agrementEsus',
      label: LABELS.agrementEsus,
      champType: 'YesNoChamp',
      descriptorType: 'YesNoChampDescriptor',
      typeDeChamp: 'yes_no',
      required: true,
    },
    {
      stableId: 114,
      key: 'dateAgrementEsus',
      label: LABELS.dateAgrementEsus,
      champType: 'DateChamp',
      descriptorType: 'DateChampDescriptor',
      typeDeChamp: 'date',
      required: false,
      description: "Affiché si la structure détient l'agrément ESUS.",
    },
    header(120, 'La personne référente'),
    {
      stableId: 121,
      key: 'nomReferent',
      label: LABELS.nomReferent,
      champType: 'TextChamp',
      descriptorType: 'TextChampDescriptor',
      typeDeChamp: 'text',
      required: true,
    },
    {
      stableId: 122,
      key: 'courrielReferent',
      label: LABELS.courrielReferent,
      champType: 'TextChamp',
      descriptorType: 'EmailChampDescriptor',
      typeDeChamp: 'email',
      required: true,
    },
    {
      stableId: 123,
      key: 'telephoneReferent',
      label: LABELS.telephoneReferent,
      champType: 'TextChamp',
      descriptorType: 'PhoneChampDescriptor',
      typeDeChamp: 'phone',
      required: true,
    },
    header(130, 'Le PTCE'),
    textarea(131, 'objectifs'),
    textarea(132, 'acteurs'),
    {
      stableId: 160,
      key: 'membres',
      label: LABELS.membres,
      champType: 'RepetitionChamp',
      descriptorType: 'RepetitionChampDescriptor',
      typeDeChamp: 'repetition',
      required: false,
      description: 'Une ligne par membre : nom, SIRET s’il est connu, nature.',
    },
    textarea(133, 'gouvernance'),
    textarea(134, 'perimetre'),
    {
      stableId: 135,
      key: 'territoireFragile',
      label: LABELS.territoireFragile,
      champType: 'MultipleDropDownListChamp',
      descriptorType: 'MultipleDropDownListChampDescriptor',
      typeDeChamp: 'multiple_drop_down_list',
      required: true,
      options: TERRITOIRE_FRAGILE_OPTIONS,
    },
    textarea(136, 'financement'),
  ];
  if (phase === 2) {
    entries.push({
      stableId: 137,
      key: 'montantDemande',
      label: LABELS.montantDemande,
      champType: 'DecimalNumberChamp',
      descriptorType: 'DecimalNumberChampDescriptor',
      typeDeChamp: 'decimal_number',
      required: true,
      description: 'En euros.',
    });
  }
  entries.push(
    textarea(138, 'actions'),
    textarea(139, 'indicateurs'),
    textarea(140, 'impact'),
    header(150, 'Compléments facultatifs'),
    textarea(151, 'planActions', false),
    textarea(152, 'implicationMembres', false),
    textarea(153, 'coordination', false),
  );
  return entries;
}

/** DS ids are graphql-ruby "unique within type" ids: base64 of "Type-id". */
export function typedId(type: string, id: number | string): string {
  return Buffer.from(`${type}-${id}`).toString('base64');
}

/** The champ descriptors as `activeRevision.champDescriptors` lists them. */
export function champDescriptors(phase: 1 | 2): Record<string, unknown>[] {
  return formFor(phase).map((e) => ({
    __typename: e.descriptorType,
    id: typedId('Champ', e.stableId),
    label: e.label,
    description: e.description ?? null,
    required: e.required,
    type: e.typeDeChamp,
    champDescriptors: null,
    ...(e.descriptorType === 'MultipleDropDownListChampDescriptor' ? { options: [...(e.options ?? [])] } : {}),
    ...(e.descriptorType === 'RegionChampDescriptor' ? { options: REGIONS.map((r) => ({ ...r })) } : {}),
    ...(e.descriptorType === 'PieceJustificativeChampDescriptor' ? { fileTemplate: null } : {}),
    ...(e.descriptorType === 'HeaderSectionChampDescriptor' ? { level: e.level ?? 1 } : {}),
    ...(e.descriptorType === 'RepetitionChampDescriptor'
      ? {
          champDescriptors: [
            { key: 'nom', type: 'TextChampDescriptor', t: 'text', required: true },
            { key: 'siret', type: 'TextChampDescriptor', t: 'text', required: false },
            { key: 'nature', type: 'DropDownListChampDescriptor', t: 'drop_down_list', required: true },
          ].map((sub, i) => ({
            __typename: sub.type,
            id: typedId('Champ', e.stableId * 10 + i + 1),
            label: MEMBER_LABELS[sub.key as keyof typeof MEMBER_LABELS],
            description: null,
            required: sub.required,
            type: sub.t,
            champDescriptors: null,
            ...(sub.key === 'nature' ? { options: [...MEMBER_NATURES], otherOption: false } : {}),
          })),
        }
      : {}),
  }));
}
