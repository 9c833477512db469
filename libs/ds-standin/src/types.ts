/**
 * The shapes DS's GraphQL API v2 returns (schema.graphql next to this folder), as plain JSON-like data.
 * Values are already in their wire form: ISO8601DateTime as "2021-06-20T14:32:10+02:00" (Paris offset, no
 * fraction, like DS), ISO8601Date as "2021-06-20", BigInt as a decimal string (graphql-ruby serialises BigInt so).
 * Every union/interface value carries `__typename`, which graphql-js's default type resolver reads.
 */

export type DsDossierState = 'en_construction' | 'en_instruction' | 'accepte' | 'refuse' | 'sans_suite';

export type DsDeletedDossierReason =
  'expired' | 'instructeur_request' | 'manager_request' | 'procedure_removed' | 'user_expired' | 'user_removed' | 'user_request';

export interface DsProfile {
  id: string;
  email: string;
}

export interface DsFile {
  filename: string;
  contentType: string;
  /** Deprecated Int in the schema, kept because older clients still ask for it. */
  byteSize: number;
  /** BigInt: a string on the wire. */
  byteSizeBigInt: string;
  /** Base64 MD5 of the content, as ActiveStorage computes it. */
  checksum: string;
  url: string;
  createdAt: string;
  virusScanResult: string;
}

export interface DsRegion {
  name: string;
  code: string;
}

interface ChampBase {
  id: string;
  champDescriptorId: string;
  label: string;
  stringValue: string | null;
  updatedAt: string;
  prefilled: boolean;
  columns: unknown[];
}

export type DsChamp =
  | (ChampBase & { __typename: 'TextChamp'; value: string | null })
  | (ChampBase & { __typename: 'RegionChamp'; region: DsRegion | null })
  | (ChampBase & { __typename: 'YesNoChamp'; value: boolean | null })
  | (ChampBase & { __typename: 'CheckboxChamp'; value: boolean })
  | (ChampBase & { __typename: 'DateChamp'; date: string | null; value: string | null })
  | (ChampBase & { __typename: 'PieceJustificativeChamp'; files: DsFile[]; file: DsFile | null })
  | (ChampBase & { __typename: 'DecimalNumberChamp'; value: number | null })
  | (ChampBase & { __typename: 'IntegerNumberChamp'; value: string | null })
  | (ChampBase & { __typename: 'DropDownListChamp'; value: string | null })
  | (ChampBase & { __typename: 'MultipleDropDownListChamp'; values: string[] })
  | (ChampBase & { __typename: 'HeaderSectionChamp'; level: number })
  | (ChampBase & { __typename: 'RepetitionChamp'; rows: { id: string; champs: DsChamp[] }[]; champs: DsChamp[] });

export type DsChampTypename = DsChamp['__typename'];

export interface DsAddress {
  label: string;
  type: 'housenumber' | 'street' | 'municipality' | 'locality';
  streetAddress: string | null;
  streetNumber: string | null;
  streetName: string | null;
  postalCode: string;
  cityName: string;
  cityCode: string;
  departmentName: string | null;
  departmentCode: string | null;
  regionName: string | null;
  regionCode: string | null;
  countryCode: string | null;
  countryName: string | null;
  geometry: null;
}

export interface DsEntreprise {
  siren: string;
  siretSiegeSocial: string;
  raisonSociale: string;
  nomCommercial: string;
  inlineAdresse: string;
  formeJuridique: string | null;
  formeJuridiqueCode: string | null;
  dateCreation: string | null;
  etatAdministratif: 'Actif' | 'Ferme' | null;
  capitalSocial: string | null;
  codeEffectifEntreprise: string | null;
  numeroTvaIntracommunautaire: string | null;
  enseigne: string | null;
  nom: string | null;
  prenom: string | null;
  effectifMensuel: null;
  effectifAnnuel: null;
  attestationFiscaleAttachment: null;
  attestationSocialeAttachment: null;
}

export interface DsAssociation {
  rna: string;
  titre: string;
  objet: string | null;
  dateCreation: string | null;
  dateDeclaration: string | null;
  datePublication: string | null;
}

export interface DsPersonneMorale {
  __typename: 'PersonneMorale';
  id: string;
  siret: string;
  siegeSocial: boolean;
  naf: string | null;
  libelleNaf: string;
  address: DsAddress;
  entreprise: DsEntreprise | null;
  association: DsAssociation | null;
  // deprecated flat address fields, still non-null in the schema
  adresse: string;
  codeInseeLocalite: string;
  codePostal: string;
  localite: string;
  complementAdresse: string | null;
  nomVoie: string | null;
  numeroVoie: string | null;
  typeVoie: string | null;
}

export interface DsPersonneMoraleIncomplete {
  __typename: 'PersonneMoraleIncomplete';
  id: string;
  siret: string;
}

export interface DsPersonnePhysique {
  __typename: 'PersonnePhysique';
  id: string;
  civilite: 'M' | 'Mme' | null;
  nom: string;
  prenom: string;
  email: string | null;
  dateDeNaissance: string | null;
}

export type DsDemandeur = DsPersonneMorale | DsPersonneMoraleIncomplete | DsPersonnePhysique;

export interface DsGroupeInstructeur {
  id: string;
  number: number;
  label: string;
  closed: boolean;
  instructeurs: DsProfile[];
}

export interface DsTraitement {
  id: string;
  state: DsDossierState;
  event: string;
  dateTraitement: string;
  emailAgentTraitant: string | null;
  motivation: string | null;
  revision: null;
}

export interface DsDossier {
  id: string;
  number: number;
  state: DsDossierState;
  archived: boolean;
  connectionUsager: 'password' | 'france_connect' | 'deleted';
  prefilled: boolean;
  deposeParUnTiers: boolean;
  nomMandataire: string | null;
  prenomMandataire: string | null;
  dateDepot: string;
  datePassageEnConstruction: string;
  datePassageEnInstruction: string | null;
  dateTraitement: string | null;
  dateDerniereModification: string;
  dateDerniereModificationChamps: string;
  dateDerniereModificationAnnotations: string;
  dateDerniereCorrectionEnAttente: string | null;
  dateExpiration: string | null;
  dateSuppressionParUsager: string | null;
  dateSuppressionParAdministration: string | null;
  motivation: string | null;
  groupeInstructeur: DsGroupeInstructeur;
  usager: DsProfile;
  instructeurs: DsProfile[];
  demandeur: DsDemandeur;
  champs: DsChamp[];
  annotations: DsChamp[];
  avis: unknown[];
  messages: unknown[];
  traitements: DsTraitement[];
  labels: unknown[];
  attestation: null;
  pdf: null;
  geojson: null;
  motivationAttachment: null;
}

export interface DsDeletedDossier {
  id: string;
  number: number;
  state: DsDossierState;
  reason: DsDeletedDossierReason;
  /** Sic: the schema spells it with a single "p". */
  dateSupression: string;
}
