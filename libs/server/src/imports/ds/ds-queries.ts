/**
 * The importer's own GraphQL operations against DS's API v2 (based on ds/list_dossiers.graphql, plus
 * `entreprise.formeJuridiqueCode`, the typed champ values, file checksums and deleted dossiers). A unit test validates
 * them against the real schema (libs/ds-standin/schema.graphql), so a field DS does not have fails there.
 *
 * Champ values are aliased by type (`text`, `yesNo`, `decimal`, ...): the schema types `value` differently per champ
 * type, and GraphQL refuses the same response name with conflicting types across fragments.
 */

export const DS_DOSSIERS_QUERY = /* GraphQL */ `
  query ImportDossiers($number: Int!, $first: Int = 100, $after: String, $updatedSince: ISO8601DateTime) {
    demarche(number: $number) {
      id
      number
      title
      dateFermeture
      dossiers(first: $first, after: $after, updatedSince: $updatedSince) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          state
          archived
          dateDepot
          datePassageEnInstruction
          dateTraitement
          dateDerniereModification
          usager {
            email
          }
          demandeur {
            __typename
            ... on PersonneMorale {
              siret
              entreprise {
                siren
                raisonSociale
                formeJuridique
                formeJuridiqueCode
              }
              association {
                rna
                titre
              }
              address {
                label
                postalCode
                cityName
                regionCode
                regionName
              }
            }
            ... on PersonneMoraleIncomplete {
              siret
            }
            ... on PersonnePhysique {
              civilite
              nom
              prenom
              email
            }
          }
          champs {
            __typename
            id
            champDescriptorId
            label
            stringValue
            updatedAt
            ... on TextChamp {
              text: value
            }
            ... on RegionChamp {
              region {
                name
                code
              }
            }
            ... on YesNoChamp {
              yesNo: value
            }
            ... on CheckboxChamp {
              checked: value
            }
            ... on DateChamp {
              date
            }
            ... on DropDownListChamp {
              choice: value
            }
            ... on MultipleDropDownListChamp {
              values
            }
            ... on DecimalNumberChamp {
              decimal: value
            }
            ... on IntegerNumberChamp {
              integer: value
            }
            ... on RepetitionChamp {
              rows {
                champs {
                  label
                  stringValue
                }
              }
            }
            ... on PieceJustificativeChamp {
              files {
                filename
                contentType
                byteSizeBigInt
                checksum
                url
              }
            }
          }
        }
      }
    }
  }
`;

export const DS_DELETED_QUERY = /* GraphQL */ `
  query ImportDeletedDossiers($number: Int!, $first: Int = 100, $after: String, $deletedSince: ISO8601DateTime) {
    demarche(number: $number) {
      number
      deletedDossiers(first: $first, after: $after, deletedSince: $deletedSince) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          number
          state
          reason
          dateSupression
        }
      }
    }
  }
`;

// What those operations return (only the selected fields).

export interface DsFileNode {
  filename: string;
  contentType: string;
  byteSizeBigInt: string;
  checksum: string;
  url: string;
}

export interface DsChampNode {
  __typename: string;
  id: string;
  champDescriptorId: string;
  label: string;
  stringValue: string | null;
  updatedAt: string;
  text?: string | null;
  region?: { name: string; code: string } | null;
  yesNo?: boolean | null;
  checked?: boolean;
  date?: string | null;
  choice?: string | null;
  values?: string[];
  decimal?: number | null;
  integer?: string | null;
  files?: DsFileNode[];
  /** RepetitionChamp (bloc répétable): its rows, each with its sub-champs. */
  rows?: { champs: { label: string; stringValue: string | null }[] }[];
}

export type DsDemandeurNode =
  | {
      __typename: 'PersonneMorale';
      siret: string;
      entreprise: { siren: string; raisonSociale: string; formeJuridique: string | null; formeJuridiqueCode: string | null } | null;
      association: { rna: string; titre: string } | null;
      address: { label: string; postalCode: string; cityName: string; regionCode: string | null; regionName: string | null } | null;
    }
  | { __typename: 'PersonneMoraleIncomplete'; siret: string }
  | { __typename: 'PersonnePhysique'; civilite: string | null; nom: string; prenom: string; email: string | null };

export interface DsDossierNode {
  id: string;
  number: number;
  state: string;
  archived: boolean;
  dateDepot: string;
  datePassageEnInstruction: string | null;
  dateTraitement: string | null;
  dateDerniereModification: string;
  usager: { email: string } | null;
  demandeur: DsDemandeurNode | null;
  champs: DsChampNode[];
}

export interface DsPage<T> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: T[];
}

export interface DsDossiersData {
  demarche: { id: string; number: number; title: string; dateFermeture: string | null; dossiers: DsPage<DsDossierNode> } | null;
}

export interface DsDeletedNode {
  id: string;
  number: number;
  state: string;
  reason: string;
  dateSupression: string;
}

export interface DsDeletedData {
  demarche: { number: number; deletedDossiers: DsPage<DsDeletedNode> } | null;
}
